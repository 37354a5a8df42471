package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/ui"
)

func newMergeCmd() *cobra.Command {
	var annotator string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "merge PROJECT OTHER...",
		Short: "Bring colleagues' projects into PROJECT (documents by SHA-256, layers by id; idempotent)",
		Long: `Merge colleagues' projects into PROJECT. Documents are matched by
their text's SHA-256; annotations, relations and document labels are copied
by id. Your own layer (--annotator; on a server project, your member name)
is never changed. A colleague's annotation edited in both projects is
resolved by the newer edit and reported. New labels are added to the
schema. Each OTHER is merged in one transaction and is only read, never
modified. Merging the same project again changes nothing.

PROJECT and each OTHER are project files or server projects
(postgres://...). Between two files, suggestions and their decision log
are merged too; on a server they are each person's, so a merge with a
server on either side carries none. Into a server project, your role
decides what may be written: an annotator merging a colleague's layer is
refused by the server, and nothing of that OTHER is written.`,
		Args: cobra.MinimumNArgs(2),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			who, err := resolveAnnotatorOf(db, annotator)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			var reports []*model.MergeReport
			for i, path := range args[1:] {
				name := filepath.Base(path)
				if postgres.IsURL(path) {
					// Never a password on the terminal.
					path = postgres.Redact(path)
					name = path
				}
				bar := newProgress(cmd, "merge "+name, false)
				rep, err := mergeOne(ctx, db, args[1+i], who, bar.countFunc())
				bar.finish()
				if err != nil {
					return err
				}
				reports = append(reports, rep)
				if asJSON {
					continue
				}
				fmt.Fprintf(out, "%s: %s\n", path, ui.MergeCounts(rep))
				for _, l := range rep.Labels {
					fmt.Fprintf(out, "  label added to the schema: %s\n", l)
				}
				if rep.SkippedOwnLayer > 0 {
					fmt.Fprintf(out, "  %s\n", ui.KeptOwnLayer(who, rep.SkippedOwnLayer, name))
				}
				for _, c := range rep.Conflicts {
					fmt.Fprintf(out, "  conflict: %s\n", c)
				}
			}
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(reports)
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&annotator, "annotator", "", "your name: your layer is never touched (default: $MARGIN_ANNOTATOR, then the OS user)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the merge reports as JSON")
	return cmd
}

func newStatusCmd() *cobra.Command {
	var (
		docID     int64
		set       string
		annotator string
		asJSON    bool
	)
	cmd := &cobra.Command{
		Use:   "status PROJECT [--doc ID --set todo|in_progress|done]",
		Short: "Show or set per-document, per-annotator progress",
		Args:  cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			if set != "" {
				who, err := resolveAnnotatorOf(db, annotator)
				if err != nil {
					return err
				}
				if docID == 0 {
					return fmt.Errorf("status: --set needs --doc")
				}
				if err := db.SetStatus(ctx, docID, who, model.Status(set)); err != nil {
					return err
				}
				// Say what was done: a silent success read as nothing
				// happened (issue 17's walk).
				name := ""
				if d, err := db.Document(ctx, docID); err == nil {
					name = " (" + d.Name + ")"
				}
				fmt.Fprintf(cmd.OutOrStdout(), "document %d%s: %s's status is now %s\n", docID, name, who, strings.ReplaceAll(set, "_", " "))
				return nil
			}
			docs, err := db.Documents(ctx)
			if err != nil {
				return err
			}
			if docID != 0 { // --doc without --set: that document's
				one := docs[:0]
				for _, d := range docs {
					if d.ID == docID {
						one = append(one, d)
					}
				}
				if len(one) == 0 {
					return fmt.Errorf("status: no document %d in %s", docID, db.Path())
				}
				docs = one
			}
			st, err := db.Statuses(ctx)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				type row struct {
					ID       int64                   `json:"id"`
					Name     string                  `json:"name"`
					Statuses map[string]model.Status `json:"statuses"`
				}
				rows := []row{}
				for _, d := range docs {
					m := st[d.ID]
					if m == nil {
						m = map[string]model.Status{}
					}
					rows = append(rows, row{d.ID, d.Name, m})
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			for _, d := range docs {
				fmt.Fprintf(out, "%d\t%s", d.ID, d.Name)
				for who, s := range st[d.ID] {
					fmt.Fprintf(out, "\t%s=%s", who, s)
				}
				fmt.Fprintln(out)
			}
			return nil
		}),
	}
	cmd.Flags().Int64Var(&docID, "doc", 0, "document id")
	cmd.Flags().StringVar(&set, "set", "", "new status: todo, in_progress or done")
	cmd.Flags().StringVar(&annotator, "annotator", "", "annotator (default: $MARGIN_ANNOTATOR, then the OS user)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
