package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/model"
)

// newAssignCmd is `margin assign`: a lead gives documents of a server
// project to members (storage/postgres/assign.go); the server refuses
// anyone else.
func newAssignCmd() *cobra.Command {
	var (
		docs   []int64
		to     string
		perDoc int
	)
	cmd := &cobra.Command{
		Use:   "assign PROJECT_URL (--docs ID,... --to NAME | --per-doc N)",
		Short: "Give documents to team members: a list to one person, or N annotators per document, balanced",
		Long: `Assign documents of a project on PostgreSQL (lead or owner only; the server
refuses anyone else). Each member's document list then shows their queue.
  --docs 1,2,5 --to NAME  gives those documents (ids from 'margin docs') to NAME;
  --per-doc N             gives every document N distinct annotators (members
                          with the annotator role), each new place to the one
                          with the fewest documents so far (ties by name), so
                          the same team and documents always give the same
                          assignment.
Existing assignments are kept: running it again adds nothing. Both are one
transaction. 'margin progress' shows the result.`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			pg, err := serverProject(db, "assign")
			if err != nil {
				return err
			}
			by, err := resolveAnnotatorOf(db, "")
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case perDoc > 0 && (len(docs) > 0 || to != ""):
				return fmt.Errorf("assign: --per-doc and --docs/--to are two ways to assign; give one")
			case perDoc > 0:
				added, err := pg.AssignPerDoc(ctx, perDoc, by)
				if err != nil {
					return err
				}
				count := map[string]int{}
				n := 0
				for _, ps := range added {
					for _, p := range ps {
						count[p]++
						n++
					}
				}
				fmt.Fprintf(out, "%d new assignments in %d documents\n", n, len(added))
				names := make([]string, 0, len(count))
				for p := range count {
					names = append(names, p)
				}
				sort.Strings(names)
				for _, p := range names {
					fmt.Fprintf(out, "  %s: +%d\n", p, count[p])
				}
				return nil
			case len(docs) > 0 && to != "":
				n, err := pg.Assign(ctx, docs, to, by)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "%d new assignments to %s (%d already assigned)\n", n, to, len(docs)-n)
				return nil
			case cmd.Flags().Changed("per-doc"):
				return fmt.Errorf("assign: --per-doc %d: want at least 1 annotator per document", perDoc)
			default:
				return fmt.Errorf("assign: say what to assign: --docs ID,... --to NAME, or --per-doc N")
			}
		}),
	}
	cmd.Flags().Int64SliceVar(&docs, "docs", nil, "document ids (comma-separated) to give to --to")
	cmd.Flags().StringVar(&to, "to", "", "the member (their name) who gets --docs")
	cmd.Flags().IntVar(&perDoc, "per-doc", 0, "annotators per document, balanced across the team's annotators")
	return cmd
}
