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
	"github.com/margin-app/margin/internal/version"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

func newRootCmd() *cobra.Command {
	stopProfile := func() {}
	root := &cobra.Command{
		Use:   "margin [PROJECT]",
		Short: "Margin: annotate news articles, export datasets, review colleagues' work",
		Long: `Margin is a desktop research annotator. With no arguments it opens the
window on the last project (or a demo project); the subcommands script the
same project files.`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version.String(),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGUI(args)
		},
		// Every subcommand but the window is a batch job: tune the
		// garbage collector for throughput (internal/gctune).
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			if cmd != cmd.Root() && cmd.Name() != "open" {
				gctune.Batch()
				stopProfile = startCPUProfile()
			}
		},
		PersistentPostRun: func(cmd *cobra.Command, args []string) { stopProfile() },
	}
	errorWindowFlag(root)
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
		newSuggestCmd(),
		newSuggestionsCmd(),
		newCodebookCmd(),
		newTeamCmd(),
		newPushCmd(),
		newPullCmd(),
		newAssignCmd(),
		newProgressCmd(),
	)
	return root
}

func newOpenCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "open [PROJECT]",
		Short: "Open the window on a project (default: the last one, or a demo project)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGUI(args)
		},
	}
	errorWindowFlag(cmd)
	return cmd
}

// errorWindowFlag adds --error-window to the commands that open the
// window (margin and margin open; gui_error.go).
func errorWindowFlag(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&errorWindow, "error-window", false, "show an error that keeps the window from opening in a window of its own (the desktop entry passes it: a file manager has no terminal)")
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

// resolveAnnotatorOf is resolveAnnotator for a command on db: on a
// server project opened as a team member's role, the member's name comes
// before MARGIN_ANNOTATOR and the OS user, because the server lets that
// role write only that person's layer; so does the member's name in a
// file pulled for them.
func resolveAnnotatorOf(db any, flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	// A server project: the member's name, or the owner's role
	// (postgres.DB.Name), not the computer's user.
	if m, ok := db.(interface{ Name() string }); ok && m.Name() != "" {
		return m.Name(), nil
	}
	// A file pulled for a member: that member's layer (storage.Person).
	if name := personOf(db); name != "" {
		return name, nil
	}
	return resolveAnnotator("")
}

// personOf is the member a project file is a working copy for (margin
// pull), "" for a server project or a file that is nobody's copy.
func personOf(db any) string {
	f, ok := db.(*storage.DB)
	if !ok {
		return ""
	}
	name, err := f.Person(context.Background())
	if err != nil {
		return ""
	}
	return name
}

// createProject makes a new project with the default schema.
func createProject(ctx context.Context, path, by string) (model.Store, error) {
	db, err := createStore(ctx, path)
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
func withProject(fn func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		db, err := openProject(ctx, args[0])
		if err != nil {
			return err
		}
		defer db.Close()
		// Say so when a window has the project open: it reloads to show
		// what this command changes, and keeps its own undo steps.
		// (A project file knows its open windows; a server project does
		// not register them.)
		if f, ok := db.(interface {
			OthersOpen(context.Context) ([]string, error)
		}); ok {
			if others, err := f.OthersOpen(ctx); err == nil && len(others) > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "margin: note: %s has this project open; it reloads to show changes made here\n", strings.Join(others, " and "))
			}
		}
		noteLayersHidden(ctx, cmd, db)
		return fn(ctx, db, cmd, args)
	}
}

// readsColleagues are the commands whose output an annotator in blind
// mode would read as "the others have done nothing": an empty export of
// a colleague's layer, agreement over no one, a progress of one.
var readsColleagues = map[string]bool{"export": true, "agreement": true, "progress": true, "pull": true, "status": true, "docs": true}

// noteLayersHidden says on standard error that blind mode hides
// colleagues' layers, before a command whose output would otherwise look
// as though they had annotated nothing.
func noteLayersHidden(ctx context.Context, cmd *cobra.Command, db model.Store) {
	h, ok := db.(interface {
		LayersHidden(context.Context) (bool, error)
	})
	if !ok || !readsColleagues[cmd.Name()] {
		return
	}
	if f := cmd.Flags().Lookup("json"); f != nil && f.Value.String() == "true" {
		return // what a program reads: its consumer may merge the two streams
	}
	if hidden, err := h.LayersHidden(ctx); err == nil && hidden {
		fmt.Fprintln(cmd.ErrOrStderr(), "margin: note: blind mode is on: your colleagues' layers, statuses and gold are hidden from you until the lead turns it off")
	}
}
