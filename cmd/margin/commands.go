package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/storage/postgres"
)

func newInitCmd() *cobra.Command {
	var schemaFile string
	cmd := &cobra.Command{
		Use:   "init PROJECT",
		Short: "Create a new project file with the default conflict-news schema",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var sc *model.Schema
			if schemaFile != "" {
				data, err := os.ReadFile(schemaFile)
				if err != nil {
					return fmt.Errorf("init: %w", err)
				}
				if sc, err = model.ParseSchema(data); err != nil {
					return fmt.Errorf("init: %s: %w", schemaFile, err)
				}
			}
			by, _ := resolveAnnotator("")
			db, err := createProject(ctx, args[0], by)
			if err != nil {
				return fmt.Errorf("init: %w", err)
			}
			defer db.Close()
			if sc != nil {
				if err := db.SetSchema(ctx, sc, by); err != nil {
					return fmt.Errorf("init: %w", err)
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created %s\n", db.Path()) // a URL without its password
			return nil
		},
	}
	cmd.Flags().StringVar(&schemaFile, "schema", "", "TOML schema file (default: the conflict-news schema)")
	return cmd
}

// openProject opens the project an argument names: a postgres:// URL is
// a project on a PostgreSQL server, anything else a project file. Every
// command that takes a PROJECT opens it here.
func openProject(ctx context.Context, path string) (model.Store, error) {
	if postgres.IsURL(path) {
		return postgres.Open(ctx, path)
	}
	return storage.Open(ctx, path)
}

// createStore makes a new, empty project where path says (see openProject).
func createStore(ctx context.Context, path string) (model.Store, error) {
	if postgres.IsURL(path) {
		return postgres.Create(ctx, path)
	}
	return storage.Create(ctx, path)
}

func reportImport(out io.Writer, file string, res []model.ImportResult) {
	// Buffered: a line per document was two write calls each, 20,000 for
	// an import of 10,000 articles (issue 14).
	w := bufio.NewWriter(out)
	defer w.Flush()
	for _, r := range res {
		verb := "imported"
		if r.Reused {
			verb = "reused existing"
		}
		fmt.Fprintf(w, "%s: %s document %d, %d annotations", file, verb, r.DocID, r.Annotations)
		if r.Skipped > 0 {
			fmt.Fprintf(w, " (%d already present)", r.Skipped)
		}
		fmt.Fprintln(w)
	}
}

func newDocsCmd() *cobra.Command {
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "docs PROJECT",
		Short: "List the project's documents (on a team project, your queue)",
		Long: `List the project's documents. On a project on PostgreSQL where the lead
assigned you documents ('margin assign'), the list is your queue, as in the
window; --all lists every document.`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			docs, err := db.Documents(ctx)
			if err != nil {
				return err
			}
			if m, ok := db.(interface{ Name() string }); ok && !all {
				asg, err := db.Assignments(ctx)
				if err != nil {
					return err
				}
				docs = model.QueueDocs(docs, asg, m.Name())
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(docs)
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tLENGTH\tANNOTATIONS\tSHA256")
			for _, d := range docs {
				fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\n", d.ID, d.Name, d.Length, d.Annotations, d.SHA256[:12])
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.Flags().BoolVar(&all, "all", false, "every document, not only your queue")
	return cmd
}

func newAnnotateCmd() *cobra.Command {
	var (
		docID            int64
		label, annotator string
		start, end       int
		attrs            []string
		note             string
	)
	cmd := &cobra.Command{
		Use:   "annotate PROJECT --doc ID --label L --start S --end E",
		Short: "Add one annotation (code-point offsets, end exclusive) and print its id",
		Args:  cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			who, err := resolveAnnotatorOf(db, annotator)
			if err != nil {
				return err
			}
			sc, err := db.Schema(ctx)
			if err != nil {
				return err
			}
			def, ok := sc.Label(label)
			if !ok {
				return fmt.Errorf("annotate: label %q is not in the schema (see 'margin schema %s')", label, args[0])
			}
			values, err := parseAttrs(def, attrs)
			if err != nil {
				return fmt.Errorf("annotate: %w", err)
			}
			a := &model.Annotation{DocID: docID, Annotator: who, Label: label,
				Fragments: []model.Fragment{{Start: start, End: end}}, Attributes: values, Note: note}
			if err := db.CreateAnnotations(ctx, []*model.Annotation{a}); err != nil {
				return fmt.Errorf("annotate: %w", err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), a.ID)
			return nil
		}),
	}
	f := cmd.Flags()
	f.Int64Var(&docID, "doc", 0, "document id (see 'margin docs')")
	f.StringVar(&label, "label", "", "label name")
	f.IntVar(&start, "start", -1, "start offset in code points")
	f.IntVar(&end, "end", -1, "end offset in code points (exclusive)")
	f.StringArrayVar(&attrs, "attr", nil, "attribute KEY=VALUE (repeatable)")
	f.StringVar(&note, "note", "", "free-text note")
	f.StringVar(&annotator, "annotator", "", "annotator (default: $MARGIN_ANNOTATOR, then the OS user)")
	for _, req := range []string{"doc", "label", "start", "end"} {
		cmd.MarkFlagRequired(req)
	}
	return cmd
}

// parseAttrs checks KEY=VALUE pairs against the label's attribute types.
func parseAttrs(def *model.Label, pairs []string) (map[string]any, error) {
	out := map[string]any{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, fmt.Errorf("attribute %q: want KEY=VALUE", p)
		}
		var ad *model.AttributeDef
		for i := range def.Attributes {
			if def.Attributes[i].Name == k {
				ad = &def.Attributes[i]
			}
		}
		if ad == nil {
			return nil, fmt.Errorf("label %s has no attribute %q", def.Name, k)
		}
		switch ad.Type {
		case model.AttrEnum:
			found := false
			for _, allowed := range ad.Values {
				found = found || allowed == v
			}
			if !found {
				return nil, fmt.Errorf("attribute %s=%q: not one of %s", k, v, strings.Join(ad.Values, ", "))
			}
			out[k] = v
		case model.AttrBool:
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, fmt.Errorf("attribute %s=%q: not true or false", k, v)
			}
			out[k] = b
		case model.AttrNumber:
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil, fmt.Errorf("attribute %s=%q: not a number", k, v)
			}
			out[k] = n
		default:
			out[k] = v
		}
	}
	return out, nil
}

func newCheckCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check PROJECT",
		Short: "Check the project file: SQLite integrity and every annotation's covered text",
		Args:  cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			problems, err := db.Check(ctx)
			if err != nil {
				return fmt.Errorf("check: %w", err)
			}
			docs, err := db.Documents(ctx)
			if err != nil {
				return err
			}
			n := 0
			for _, d := range docs {
				n += d.Annotations
			}
			out := cmd.OutOrStdout()
			for _, p := range problems {
				fmt.Fprintln(out, "problem: "+p)
			}
			if len(problems) > 0 {
				return fmt.Errorf("check: %d problem(s) in %s", len(problems), args[0])
			}
			fmt.Fprintf(out, "ok: %d documents, %d annotations, integrity ok, every covered text matches\n", len(docs), n)
			return nil
		}),
	}
}
