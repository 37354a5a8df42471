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
		Short: "Members of a shared PostgreSQL project: add, remove, change the role of, list them; blind mode",
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
	var removeName string
	remove := &cobra.Command{
		Use:   "remove PROJECT_URL --name NAME",
		Short: "Remove a member: ends their sessions and drops their database role; their layer stays",
		Long: `Remove a member from a project on PostgreSQL. The server takes their rights
and their login, ends their open sessions (a window they have open is
refused its next change, saying the membership was removed), drops their
database role, and gives blind mode's private channels new names, so that
nothing they knew lets them hear the team. What they annotated stays, under
their name: their layer still counts in agreement, review and exports.
Adding the same name again gives them their layer back with a new password
(how a leaked password is replaced).
A lead removes annotators and curators; only the project's owner removes a
lead, and nobody the owner. The server refuses anyone else.`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			pg, err := serverProject(db, "team remove")
			if err != nil {
				return err
			}
			r, err := pg.RemoveMember(ctx, removeName)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "removed %s (%s): %d open sessions ended\n", r.Person, r.Kind, r.Sessions)
			if r.Dropped {
				fmt.Fprintf(out, "database role %s dropped; %s's layer is kept\n", r.Role, r.Person)
			} else {
				fmt.Fprintf(out, "database role %s owns something elsewhere on the server and was kept, without login or rights; %s's layer is kept\n", r.Role, r.Person)
			}
			return nil
		}),
	}
	remove.Flags().StringVar(&removeName, "name", "", "the member's name (their layer)")
	remove.MarkFlagRequired("name")
	var roleName, newRole string
	setRole := &cobra.Command{
		Use:   "role PROJECT_URL --name NAME --role annotator|curator|lead",
		Short: "Change a member's role (same password; takes effect on their next change)",
		Long: `Change what a member of a project on PostgreSQL may do. The same people as
for 'margin team remove' may; blind mode's private channels get new names,
since who may hear them changed.`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			pg, err := serverProject(db, "team role")
			if err != nil {
				return err
			}
			if err := pg.SetMemberKind(ctx, roleName, newRole); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s is now %s\n", roleName, newRole)
			return nil
		}),
	}
	setRole.Flags().StringVar(&roleName, "name", "", "the member's name (their layer)")
	setRole.Flags().StringVar(&newRole, "role", "", "annotator, curator or lead")
	setRole.MarkFlagRequired("name")
	setRole.MarkFlagRequired("role")
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
			owner, err := pg.Owner(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tROLE\tDATABASE ROLE")
			// The owner first: no member, but the one who may do anything.
			fmt.Fprintf(tw, "%s\t%s\t%s\n", owner, "owner", owner)
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
	harden := &cobra.Command{
		Use:   "harden SUPERUSER_URL",
		Short: "Take PostgreSQL's statistics from the team, so blind mode hides colleagues' activity better (superuser only)",
		Long: `Revoke PostgreSQL's statistics views and size functions (pg_stat_*,
pg_locks, pg_relation_size, pg_notification_queue_usage, ...) from everyone
but the project's owner and pg_read_all_stats, in the project's database
only. Without it a member can count colleagues' inserts and commits there,
which row-level security does not hide. The URL must be a superuser's (for
example postgres) of the project's database: the owner cannot revoke what
PostgreSQL itself grants. README says what stays inferable even then.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !postgres.IsURL(args[0]) {
				return fmt.Errorf("team harden: %s is no postgres:// URL; a project file has no team", args[0])
			}
			if err := postgres.Harden(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "statistics views and size functions revoked from the team in", postgres.Redact(args[0]))
			return nil
		},
	}
	team.AddCommand(add, remove, setRole, list, blind, harden)
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
