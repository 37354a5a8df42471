package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/all"
	"github.com/margin-app/margin/formats/text"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/storage/postgres"
)

// formatNames lists the formats pick accepts, for a flag's help.
func formatNames(pick func(*formats.Format) bool) string {
	var names []string
	for _, n := range all.Names() {
		if f, _ := all.Lookup(n); pick(f) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

func formatList(pick func(*formats.Format) bool) string {
	var lines []string
	for _, n := range all.Names() {
		f, _ := all.Lookup(n)
		if pick(f) {
			lines = append(lines, fmt.Sprintf("  %-12s %s", n, f.Description))
		}
	}
	return strings.Join(lines, "\n")
}

func newImportCmd() *cobra.Command {
	var format, annotator, scheme, textField, labelField, asSuggestions string
	var strict bool
	cmd := &cobra.Command{
		Use:   "import PROJECT PATH... [--as-suggestions NAME]",
		Short: "Import documents (and their annotations) into a project",
		Long: `Import documents. Each input (a file; a folder for text and brat) is
imported all-or-nothing: one with an error is refused whole, naming the file
and line, and the project is left as it was. Labels the schema lacks are
added with a generated colour (reported on stderr) unless --strict.
With --as-suggestions NAME the spans and document labels become the
suggestion layer NAME (score: a "score" attribute in 0-1, else 1) instead
of anyone's annotations; review them with 'margin suggestions'. Label
Studio predictions always become suggestions (labelstudio:MODEL_VERSION).

Formats:
` + formatList(func(f *formats.Format) bool { return f.Import != nil }),
		Args: cobra.MinimumNArgs(2),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			who, err := resolveAnnotatorOf(db, annotator)
			if err != nil {
				return err
			}
			f, err := all.Lookup(format)
			if err != nil {
				return fmt.Errorf("import: %w", err)
			}
			if f.Import == nil {
				return fmt.Errorf("import: %s is an export-only format", f.Name)
			}
			if file, ok := db.(*storage.DB); ok {
				// This command does nothing else with the project meanwhile:
				// a first import may skip the WAL (storage/bulkjournal.go).
				file.SetDirectImports(true)
			}
			inputs := args[1:]
			if f.Name == "text" {
				// One transaction per file, so a folder with one bad file
				// still names exactly that file.
				var skipped []string
				if inputs, skipped, err = text.Collect(inputs); err != nil {
					return err
				}
				for _, w := range skipped {
					fmt.Fprintln(cmd.ErrOrStderr(), w)
				}
				if len(inputs) == 0 {
					return fmt.Errorf("import: no .txt files in %s", strings.Join(args[1:], ", "))
				}
			}
			for _, in := range inputs {
				bar := newProgress(cmd, "import "+filepath.Base(in), true)
				opts := formats.ImportOptions{Annotator: who, Scheme: scheme, TextField: textField, LabelField: labelField, Progress: bar.bytesFunc()}
				var sum *dataset.ImportSummary
				if asSuggestions != "" {
					sum, err = dataset.ImportAsSuggestions(ctx, db, f.Name, in, asSuggestions, opts, strict)
				} else {
					sum, err = dataset.Import(ctx, db, f.Name, in, opts, strict)
				}
				bar.finish()
				if err != nil {
					return err
				}
				stderr := cmd.ErrOrStderr()
				if len(sum.AddedLabels) > 0 {
					fmt.Fprintf(stderr, "%s: added labels to the schema: %s\n", in, strings.Join(sum.AddedLabels, ", "))
				}
				for _, w := range sum.Warnings {
					fmt.Fprintf(stderr, "%s: %s\n", in, w)
				}
				reportImport(cmd.OutOrStdout(), in, sum.Results)
				if asSuggestions != "" {
					// Whose they are matters on a server, where each
					// person has their own suggestions (migration 016).
					whose := ""
					if pg, ok := model.StoreAs[*postgres.DB](db); ok {
						// The server fixes who a member is, whatever
						// --annotator says (postgres.DB.ActAs).
						whose = " for " + who
						if pg.IsMember() {
							whose = " for " + pg.Name()
						}
					}
					fmt.Fprintf(cmd.OutOrStdout(), "%s: %s stored as suggestions of %s%s\n", in, model.Plural(sum.Suggestions, "span or label", "spans and labels"), asSuggestions, whose)
				}
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&format, "format", "text", "input format: "+formatNames(func(f *formats.Format) bool { return f.Import != nil }))
	cmd.Flags().StringVar(&annotator, "annotator", "", "layer for annotations that name no annotator, and on a server project (the owner only) whose the --as-suggestions are (default: $MARGIN_ANNOTATOR, then the OS user; on a server, your member's name or the owner's role)")
	cmd.Flags().StringVar(&scheme, "scheme", "", "conll tag scheme: iob2 (default) or bioes")
	cmd.Flags().StringVar(&textField, "text-field", "", "field or column holding the text (doccano's renamed text column, csv/xlsx, labelstudio data key)")
	cmd.Flags().StringVar(&labelField, "label-field", "", "doccano's renamed label column, or a csv/xlsx column of document classes; its classes go to a document-label set of that name")
	cmd.Flags().BoolVar(&strict, "strict", false, "refuse labels that are not in the schema instead of adding them")
	cmd.Flags().StringVar(&asSuggestions, "as-suggestions", "", "store the input's spans and document labels as the suggestion layer NAME, not as annotations")
	return cmd
}

func newExportCmd() *cobra.Command {
	var (
		format, output, annotator, scheme string
		allLayers, gold, force            bool
		docs                              []int64
	)
	cmd := &cobra.Command{
		Use:   "export PROJECT --format F [--annotator NAME | --gold | --all] [--docs ID,...] [-o OUT]",
		Short: "Export documents with their annotations",
		Long: `Export the project in a dataset format. Which layer: --annotator NAME,
--gold (the adjudicated layer) or --all (every layer). jsonl exports every
layer unless told otherwise; other formats export your own layer
(--annotator, then $MARGIN_ANNOTATOR, then the OS user). What a format
cannot express is counted and reported on stderr. The export is written
to a temporary file beside the output and moved into place only when
complete; an existing output file is replaced only with --force, and never
when it is the project itself, its -wal/-shm, or any SQLite database (a
backup). A folder output must be new or empty. --docs exports only the
documents with those ids ('margin docs' lists them).

Formats:
` + formatList(func(f *formats.Format) bool { return f.NewExporter != nil }),
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			f, err := all.Lookup(format)
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			if f.NewExporter == nil {
				return fmt.Errorf("export: %s is an import-only format", f.Name)
			}
			layer := ""
			switch {
			case gold:
				layer = model.GoldAnnotator
			case allLayers:
			case annotator != "" || f.Name != "jsonl":
				if layer, err = resolveAnnotatorOf(db, annotator); err != nil {
					return err
				}
			}
			var only []int64 // nil: every document
			if cmd.Flags().Changed("docs") {
				only = append([]int64{}, docs...)
			}
			run := func(export func(progress func(done, total int)) ([]string, error)) error {
				bar := newProgress(cmd, "export "+f.Name, false)
				report, err := export(bar.countFunc())
				bar.finish()
				if err != nil {
					return err
				}
				for _, line := range report {
					fmt.Fprintf(cmd.ErrOrStderr(), "export %s: %s\n", f.Name, line)
				}
				return nil
			}
			switch {
			case f.DirOutput:
				if output == "" || output == "-" {
					return fmt.Errorf("export: %s writes a folder of files; name it with -o DIR", f.Name)
				}
				if _, err := os.Stat(output); err == nil {
					if entries, _ := os.ReadDir(output); len(entries) > 0 {
						return fmt.Errorf("export: %s already exists and is not empty; choose another folder", output)
					}
				}
				return run(func(p func(int, int)) ([]string, error) {
					return dataset.ExportDocs(ctx, db, f.Name, layer, only, nil, output, scheme, p)
				})
			case output == "" || output == "-":
				return run(func(p func(int, int)) ([]string, error) {
					return dataset.ExportDocs(ctx, db, f.Name, layer, only, cmd.OutOrStdout(), "", scheme, p)
				})
			}
			// The window's export writer too: never the project, never a
			// database, replaced (--force) only after the export succeeded.
			target := dataset.FileTarget{Path: output, Project: db.Path(), Replace: force}
			return run(func(p func(int, int)) ([]string, error) {
				return dataset.ExportFileDocs(ctx, db, f.Name, layer, scheme, only, target, p)
			})
		}),
	}
	cmd.Flags().StringVar(&format, "format", "", "output format: "+formatNames(func(f *formats.Format) bool { return f.NewExporter != nil }))
	cmd.Flags().StringVarP(&output, "output", "o", "", "output file or folder (default: standard output); an existing one is not overwritten")
	cmd.Flags().StringVar(&annotator, "annotator", "", "export this annotator's layer")
	cmd.Flags().BoolVar(&allLayers, "all", false, "export every layer")
	cmd.Flags().BoolVar(&gold, "gold", false, "export the adjudicated gold layer")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing output file")
	cmd.Flags().Int64SliceVar(&docs, "docs", nil, "export only these document ids (comma-separated)")
	cmd.Flags().StringVar(&scheme, "scheme", "", "conll tag scheme: iob2 (default) or bioes")
	cmd.MarkFlagRequired("format")
	cmd.MarkFlagsMutuallyExclusive("annotator", "all", "gold")
	return cmd
}
