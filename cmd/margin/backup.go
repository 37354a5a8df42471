package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
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
or copy it back in place of a damaged file.`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			dst := output
			if dst == "" {
				dst = storage.BackupName(args[0], "", time.Now())
			}
			file, err := fileProject(db, "backup", "back the server's database up with pg_dump, or copy the project into a file with 'margin pull URL FILE.margin'")
			if err != nil {
				return err
			}
			if err := file.Backup(ctx, dst); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backed up %s to %s\n", args[0], dst)
			return nil
		}),
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "backup file (default: PROJECT-YYYYmmdd-HHMMSS.margin beside the project); never overwritten")
	return cmd
}
