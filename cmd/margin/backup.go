package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/internal/safefile"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/ui"
)

func newBackupCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "backup PROJECT [-o FILE]",
		Short: "Copy the project to a new file (safe while the project is open elsewhere)",
		Long: `Copy the project, as of one consistent moment, to a new file with SQLite's
online backup: the window or other commands may keep writing meanwhile.
The default name is PROJECT-YYYYmmdd-HHMMSS.margin beside the project. An
existing file is never overwritten. The copy is itself a project: open it,
or copy it back in place of a damaged file.

A server project (postgres://...) is copied into a new project file, as
'margin pull' copies it: its documents, schema, every layer your role may
read, verdicts and document statuses (not the team's roles, assignments
or suggestions); the default name is DATABASE-YYYYmmdd-HHMMSS.margin in
the current folder. It is read document by document, so a colleague's
edit made meanwhile may or may not be in it: the server's own backup,
roles and all, is pg_dump's job.`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			if server, ok := model.StoreAs[*postgres.DB](db); ok {
				return backupServer(ctx, cmd, server, output)
			}
			file, ok := model.StoreAs[*storage.DB](db)
			if !ok {
				return fmt.Errorf("backup: %s: this store keeps no project file to copy", db.Path())
			}
			dst := output
			if dst == "" {
				dst = storage.BackupName(args[0], "", time.Now())
			}
			if err := file.Backup(ctx, dst); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backed up %s to %s\n", args[0], dst)
			return nil
		}),
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "backup file (default: PROJECT-YYYYmmdd-HHMMSS.margin beside the project; for a server project DATABASE-YYYYmmdd-HHMMSS.margin in the current folder); never overwritten")
	return cmd
}

// backupServer copies a server project into the new project file output
// (default: DATABASE-YYYYmmdd-HHMMSS.margin here), as a pull of every
// layer would; a file that exists is never touched, and the one made is
// removed again if the copy fails.
func backupServer(ctx context.Context, cmd *cobra.Command, src *postgres.DB, output string) error {
	dst := output
	if dst == "" {
		name := "project"
		if _, db := postgres.Where(src.Path()); db != "" {
			name = db
		}
		dst = storage.BackupName(name+".margin", "", time.Now())
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("backup: %s exists: a backup never overwrites a file (-o names another)", dst)
	}
	noteLayersHidden(ctx, cmd, src)
	file, created, err := openOrCreateFile(ctx, dst, src)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	rep, err := transfer(ctx, file, src, "")
	file.Close()
	if err != nil {
		if created {
			safefile.RemoveMade(dst)
		}
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "backed up %s to %s (%s)\n", src.Path(), dst, ui.MergeCounts(rep))
	return nil
}
