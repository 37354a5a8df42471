package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/all"
	"github.com/margin-app/margin/formats/text"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

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
	var format, annotator, scheme string
	var strict bool
	cmd := &cobra.Command{
		Use:   "import PROJECT PATH...",
		Short: "Import documents (and their annotations) into a project",
		Long: `Import documents. Each input (a file; a folder for text and brat) is
imported all-or-nothing: one with an error is refused whole, naming the file
and line, and the project is left as it was. Labels the schema lacks are
added with a generated colour (reported on stderr) unless --strict.

Formats:
` + formatList(func(f *formats.Format) bool { return f.Import != nil }),
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			who, err := resolveAnnotator(annotator)
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
			db, err := openProject(ctx, args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			inputs := args[1:]
			if f.Name == "text" {
				// One transaction per file, so a folder with one bad file
				// still names exactly that file.
				if inputs, err = text.Collect(inputs); err != nil {
					return err
				}
				if len(inputs) == 0 {
					return fmt.Errorf("import: no .txt files in %s", strings.Join(args[1:], ", "))
				}
			}
			for _, in := range inputs {
				imp, err := f.Import(in, formats.ImportOptions{Annotator: who, Scheme: scheme})
				if err != nil {
					return fmt.Errorf("import: %w", err)
				}
				if err := storeImport(cmd, db, in, imp, who, strict); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "input format: "+strings.Join(all.Names(), ", "))
	cmd.Flags().StringVar(&annotator, "annotator", "", "layer for annotations that name no annotator (default: $MARGIN_ANNOTATOR, then the OS user)")
	cmd.Flags().StringVar(&scheme, "scheme", "", "conll tag scheme: iob2 (default) or bioes")
	cmd.Flags().BoolVar(&strict, "strict", false, "refuse labels that are not in the schema instead of adding them")
	return cmd
}

// storeImport grows the schema with what the input brings (label
// definitions, relation types, unknown labels) and stores everything in one
// transaction.
func storeImport(cmd *cobra.Command, db *storage.DB, input string, imp *formats.Imported, who string, strict bool) error {
	ctx := cmd.Context()
	sc, err := db.Schema(ctx)
	if err != nil {
		return err
	}
	grown := *sc
	grown.Labels = append([]model.Label(nil), sc.Labels...)
	grown.Relations = append([]model.RelationType(nil), sc.Relations...)
	var added []string
	used := map[string]bool{}
	for _, d := range imp.Docs {
		for _, a := range d.Annotations {
			used[a.Label] = true
		}
	}
	hotkeys := map[string]bool{}
	for _, l := range grown.Labels {
		hotkeys[l.Hotkey] = true
	}
	for _, l := range imp.Labels {
		if _, ok := grown.Label(l.Name); ok {
			continue
		}
		if strict {
			continue // --strict: the schema does not grow
		}
		if l.Color == "" {
			l.Color = generatedColor(l.Name)
		}
		if hotkeys[l.Hotkey] {
			l.Hotkey = ""
		}
		hotkeys[l.Hotkey] = true
		grown.Labels = append(grown.Labels, l)
		added = append(added, l.Name)
	}
	var unknown []string
	for name := range used {
		if _, ok := grown.Label(name); !ok {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	if len(unknown) > 0 && strict {
		return fmt.Errorf("import %s: labels not in the schema: %s (without --strict they are added)", input, strings.Join(unknown, ", "))
	}
	for _, name := range unknown {
		grown.Labels = append(grown.Labels, model.Label{Name: name, Color: generatedColor(name)})
		added = append(added, name)
	}
	for _, r := range imp.Relations {
		known := false
		for _, m := range grown.Relations {
			known = known || m.Name == r.Name
		}
		if !known && !strict {
			grown.Relations = append(grown.Relations, r)
		}
	}
	var next *model.Schema
	if len(grown.Labels) != len(sc.Labels) || len(grown.Relations) != len(sc.Relations) {
		next = &grown
	}
	res, err := db.Import(ctx, imp.Docs, next, who)
	if err != nil {
		return fmt.Errorf("import %s: %w", input, err)
	}
	stderr := cmd.ErrOrStderr()
	if len(added) > 0 {
		fmt.Fprintf(stderr, "%s: added labels to the schema: %s\n", input, strings.Join(added, ", "))
	}
	for _, w := range imp.Warnings {
		fmt.Fprintf(stderr, "%s: %s\n", input, w)
	}
	reportImport(cmd.OutOrStdout(), input, res)
	return nil
}

func newExportCmd() *cobra.Command {
	var (
		format, output, annotator, scheme string
		allLayers, gold                   bool
	)
	cmd := &cobra.Command{
		Use:   "export PROJECT --format F [--annotator NAME | --gold | --all] [-o OUT]",
		Short: "Export documents with their annotations",
		Long: `Export the project in a dataset format. Which layer: --annotator NAME,
--gold (the adjudicated layer) or --all (every layer). jsonl exports every
layer unless told otherwise; other formats export your own layer
(--annotator, then $MARGIN_ANNOTATOR, then the OS user). What a format
cannot express is counted and reported on stderr. An existing output is
never overwritten.

Formats:
` + formatList(func(f *formats.Format) bool { return f.NewExporter != nil }),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
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
				if layer, err = resolveAnnotator(annotator); err != nil {
					return err
				}
			}
			db, err := openProject(ctx, args[0])
			if err != nil {
				return err
			}
			defer db.Close()
			sc, err := db.Schema(ctx)
			if err != nil {
				return err
			}
			opts := formats.ExportOptions{Schema: sc, Scheme: scheme}
			run := func(w io.Writer, dir string) error {
				ex, err := f.NewExporter(w, dir, opts)
				if err != nil {
					return err
				}
				if err := eachLayered(ctx, db, layer, ex.Write); err != nil {
					ex.Close()
					return err
				}
				if err := ex.Close(); err != nil {
					return err
				}
				for _, line := range ex.Report() {
					fmt.Fprintf(cmd.ErrOrStderr(), "export %s: %s\n", f.Name, line)
				}
				return nil
			}
			if f.DirOutput {
				if output == "" || output == "-" {
					return fmt.Errorf("export: %s writes a folder of files; name it with -o DIR", f.Name)
				}
				if _, err := os.Stat(output); err == nil {
					if entries, _ := os.ReadDir(output); len(entries) > 0 {
						return fmt.Errorf("export: %s already exists and is not empty; choose another folder", output)
					}
				}
				return run(nil, output)
			}
			return writeOutput(cmd.OutOrStdout(), output, func(w io.Writer) error { return run(w, "") })
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "output format: "+strings.Join(all.Names(), ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "output file or folder (default: standard output); an existing one is not overwritten")
	cmd.Flags().StringVar(&annotator, "annotator", "", "export this annotator's layer")
	cmd.Flags().BoolVar(&allLayers, "all", false, "export every layer")
	cmd.Flags().BoolVar(&gold, "gold", false, "export the adjudicated gold layer")
	cmd.Flags().StringVar(&scheme, "scheme", "", "conll tag scheme: iob2 (default) or bioes")
	cmd.MarkFlagRequired("format")
	cmd.MarkFlagsMutuallyExclusive("annotator", "all", "gold")
	return cmd
}
