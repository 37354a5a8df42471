package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres"
)

// newTeamCmd is `margin team`: the members of a project on PostgreSQL,
// each a database role of their own whose rights the server enforces
// (storage/postgres/migrations/002_roles.sql).
func newTeamCmd() *cobra.Command {
	team := &cobra.Command{
		Use:   "team",
		Short: "Members of a shared PostgreSQL project: add one (a database role with a password), list them",
	}
	var name, role string
	add := &cobra.Command{
		Use:   "add PROJECT_URL --name NAME --role annotator|curator|lead",
		Short: "Add a member: creates their database role and prints its password once",
		Long: `Add a member to a project on PostgreSQL. The server gets a login role for
them (named DATABASE_NAME) with a generated password, printed here once and
kept by the server only as a hash, and the grants of the role:
  annotator  writes their own layer and their own statuses;
  curator    also the gold layer and verdicts;
  lead       also the schema, the documents, every layer and the membership.
The server refuses anything else, whatever client the member uses (psql
included). Run it as the project's owner (a role with CREATEROLE) or as a
lead; the server refuses it to annotators and curators.`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			pg, err := serverProject(db, "team add")
			if err != nil {
				return err
			}
			m, password, err := pg.AddMember(ctx, name, role)
			if err != nil {
				return err
			}
			u, err := postgres.MemberURL(args[0], m, password)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "added %s as %s: database role %s\n", m.Person, m.Kind, m.Role)
			fmt.Fprintf(out, "password (shown only now): %s\n", password)
			fmt.Fprintf(out, "they connect with: %s\n", u)
			return nil
		}),
	}
	add.Flags().StringVar(&name, "name", "", "the member's name (their layer)")
	add.Flags().StringVar(&role, "role", postgres.KindAnnotator, "annotator, curator or lead")
	add.MarkFlagRequired("name")
	list := &cobra.Command{
		Use:   "list PROJECT_URL",
		Short: "List the members with their roles",
		Args:  cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			pg, err := serverProject(db, "team list")
			if err != nil {
				return err
			}
			members, err := pg.Members(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tROLE\tDATABASE ROLE")
			for _, m := range members {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Person, m.Kind, m.Role)
			}
			return tw.Flush()
		}),
	}
	blind := &cobra.Command{
		Use:   "blind PROJECT_URL on|off",
		Short: "Blind mode: annotators see only their own layer (lead only)",
		Long: `Turn blind mode on or off for a project on PostgreSQL. While it is on, the
server shows each annotator only their own layer (no colleague's, no gold),
whatever client they use, so that no one's work biases another's; curators
and leads still see everything. Turning it off opens the layers to
everyone. Only a lead or the project's owner may; the server refuses anyone
else. Without on|off it says whether blind mode is on.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			pg, err := serverProject(db, "team blind")
			if err != nil {
				return err
			}
			if len(args) == 2 {
				switch args[1] {
				case "on", "off":
					if err := pg.SetBlind(ctx, args[1] == "on"); err != nil {
						return err
					}
				default:
					return fmt.Errorf("team blind: %q: want on or off", args[1])
				}
			}
			on, err := pg.Blind(ctx)
			if err != nil {
				return err
			}
			state := "off: everyone sees every layer"
			if on {
				state = "on: annotators see only their own layer"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "blind mode is %s\n", state)
			return nil
		}),
	}
	team.AddCommand(add, list, blind)
	return team
}

// serverProject is db as a PostgreSQL project; a project file has no
// team (its people exchange files).
func serverProject(db model.Store, what string) (*postgres.DB, error) {
	pg, ok := db.(*postgres.DB)
	if !ok {
		return nil, fmt.Errorf("%s: %s is a project file; teams are for projects on PostgreSQL (margin init postgres://...)", what, db.Path())
	}
	return pg, nil
}
