package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
)

// newProgressCmd is `margin progress`: the matrix person × status over
// each person's queue (model.Progress).
func newProgressCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "progress PROJECT",
		Short: "How far each person is: their documents to do, in progress and done",
		Long: `The progress matrix: one row per person (team members of a server project,
and everyone with a layer), with how many documents they are assigned
('margin assign'; in a project that assigns nothing to anyone, every
document; once documents are assigned, a person without any has none) and how many of
those are to do, in progress and done ('margin status').`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			rows, err := progressRows(ctx, db)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "PERSON\tASSIGNED\tTODO\tIN PROGRESS\tDONE\t")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", r.Person, r.Assigned, r.Todo, r.InProgress, r.Done)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the rows as JSON")
	return cmd
}

// progressRows is the progress matrix of db: its layers' people, and on
// a server the team's annotators and curators too.
func progressRows(ctx context.Context, db model.Store) ([]model.ProgressRow, error) {
	var extra []string
	if pg, ok := db.(*postgres.DB); ok {
		var err error
		if extra, err = pg.ProgressPeople(ctx); err != nil {
			return nil, err
		}
	}
	return model.ProgressOf(ctx, db, extra)
}
