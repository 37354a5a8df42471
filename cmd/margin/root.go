package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/internal/gctune"
	"github.com/margin-app/margin/storage"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "margin [PROJECT]",
		Short: "Margin: annotate news articles, export datasets, review colleagues' work",
		Long: `Margin is a desktop research annotator. With no arguments it opens the
window on the last project (or a demo project); the subcommands script the
same project files.`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGUI(args)
		},
		// Every subcommand but the window is a batch job: tune the
		// garbage collector for throughput (internal/gctune).
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			if cmd != cmd.Root() && cmd.Name() != "open" {
				gctune.Batch()
			}
		},
	}
	root.AddCommand(
		newOpenCmd(),
		newInitCmd(),
		newImportCmd(),
		newExportCmd(),
		newDocsCmd(),
		newAnnotateCmd(),
		newCheckCmd(),
		newSchemaCmd(),
		newRelateCmd(),
		newLabelDocCmd(),
		newUndoCmd(false),
		newUndoCmd(true),
		newMergeCmd(),
		newStatusCmd(),
		newAgreementCmd(),
		newBackupCmd(),
	)
	return root
}

func newOpenCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "open [PROJECT]",
		Short: "Open the window on a project (default: the last one, or a demo project)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGUI(args)
		},
	}
}

// resolveAnnotator picks the annotator: the flag, then MARGIN_ANNOTATOR,
// then the OS user name.
func resolveAnnotator(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if env := os.Getenv("MARGIN_ANNOTATOR"); env != "" {
		return env, nil
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username, nil
	}
	return "", fmt.Errorf("no annotator name: pass --annotator or set MARGIN_ANNOTATOR")
}

// createProject makes a new project with the default schema.
func createProject(ctx context.Context, path, by string) (*storage.DB, error) {
	db, err := storage.Create(ctx, path)
	if err != nil {
		return nil, err
	}
	sc, err := assets.DefaultSchema()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("default schema: %w", err)
	}
	if err := db.SetSchema(ctx, sc, by); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// withProject adapts a subcommand body that needs the project named by its
// first argument: it opens the project, runs fn and closes it.
func withProject(fn func(ctx context.Context, db *storage.DB, cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		db, err := openProject(ctx, args[0])
		if err != nil {
			return err
		}
		defer db.Close()
		// Say so when a window has the project open: it reloads to show
		// what this command changes, and keeps its own undo steps.
		if others, err := db.OthersOpen(ctx); err == nil && len(others) > 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), "margin: note: %s has this project open; it reloads to show changes made here\n", strings.Join(others, " and "))
		}
		return fn(ctx, db, cmd, args)
	}
}
