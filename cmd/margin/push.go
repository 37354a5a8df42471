package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/internal/safefile"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/ui"
)

// push and pull (issue 17): a project file and a server project synced
// with the merge's semantics (storage.Transfer), so that a researcher can
// work offline on a copy and bring their layer back.

const transferLong = `Documents are matched by their text's SHA-256, annotations, relations and
document labels by id; an annotation edited on both sides keeps the newer
edit, and each such case is reported. Labels the target's schema lacks are
added to it. Everything is written in one transaction: all of it, or (on
any error, a refusal by the server included) nothing. Running it again
changes nothing. Deletions are not carried over: an item deleted on one
side is copied back from the other, as with 'margin merge'.`

func newPushCmd() *cobra.Command {
	var annotator string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "push FILE.margin URL",
		Short: "Copy a project file's layers (one with --annotator, or all) into a server project",
		Long: `Copy the layers of the project file FILE.margin into the project on the
PostgreSQL server at URL (postgres://...): every layer, or one with
--annotator NAME (gold: the gold layer with its verdicts). The file is only
read. ` + transferLong + `
On a server, each member's role decides what they may write: an annotator
pushing a colleague's changed layer, or a document the server lacks, is
refused by the server, and nothing is written.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			file, url := args[0], args[1]
			if err := wantFileThenURL("push", file, url, "margin push FILE.margin URL"); err != nil {
				return err
			}
			ctx := cmd.Context()
			src, err := storage.OpenReadOnly(ctx, file)
			if err != nil {
				return fmt.Errorf("push: %w", err)
			}
			defer src.Close()
			dst, err := postgres.Open(ctx, url)
			if err != nil {
				return fmt.Errorf("push: %w", err)
			}
			defer dst.Close()
			return runTransfer(ctx, cmd.OutOrStdout(), dst, src, annotator, asJSON)
		},
	}
	cmd.Flags().StringVar(&annotator, "annotator", "", "copy only this layer (default: every layer)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}

func newPullCmd() *cobra.Command {
	var annotator string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "pull URL FILE.margin",
		Short: "Copy a server project's layers (one with --annotator, or all) into a project file",
		Long: `Copy the layers of the project on the PostgreSQL server at URL
(postgres://...) into the project file FILE.margin: every layer, or one
with --annotator NAME (gold: the gold layer with its verdicts). A FILE that
does not exist yet is created with the server's schema (and removed again
if the pull fails); an existing one is merged into, never replaced.
` + transferLong,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			url, file := args[0], args[1]
			if err := wantFileThenURL("pull", file, url, "margin pull URL FILE.margin"); err != nil {
				return err
			}
			ctx := cmd.Context()
			src, err := postgres.Open(ctx, url)
			if err != nil {
				return fmt.Errorf("pull: %w", err)
			}
			defer src.Close()
			noteLayersHidden(ctx, cmd, src)
			dst, created, err := openOrCreateFile(ctx, file, src)
			if err != nil {
				return fmt.Errorf("pull: %w", err)
			}
			err = runTransfer(ctx, cmd.OutOrStdout(), dst, src, annotator, asJSON)
			if err == nil {
				err = notePerson(ctx, cmd.OutOrStdout(), dst, src, file, annotator, asJSON)
			}
			dst.Close()
			if err != nil && created {
				// The file is ours, made by this pull a moment ago.
				safefile.RemoveMade(file)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&annotator, "annotator", "", "copy only this layer (default: every layer)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}

// ErrTransferArgs is a push or pull given something other than one
// project file and one server URL.
var ErrTransferArgs = errors.New("push and pull sync a project file with a server project")

// wantFileThenURL refuses arguments push and pull do not understand.
func wantFileThenURL(what, file, url, usage string) error {
	switch {
	case !postgres.IsURL(url):
		return fmt.Errorf("%s: %q is not a server project's URL (postgres://...): %w; usage: %s (two files: margin merge)", what, url, ErrTransferArgs, usage)
	case postgres.IsURL(file):
		return fmt.Errorf("%s: %q is a server URL where a project file belongs: %w; usage: %s", what, file, ErrTransferArgs, usage)
	}
	return nil
}

// openOrCreateFile opens the project file path, or creates it with src's
// schema when it does not exist (created says so).
func openOrCreateFile(ctx context.Context, path string, src model.Store) (*storage.DB, bool, error) {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		db, err := storage.Open(ctx, path)
		return db, false, err
	}
	sc, err := src.Schema(ctx)
	if err != nil {
		return nil, false, err
	}
	db, err := storage.Create(ctx, path)
	if err != nil {
		return nil, false, err
	}
	by, _ := resolveAnnotatorOf(src, "")
	if err := db.SetSchema(ctx, sc, by); err != nil {
		db.Close()
		safefile.RemoveMade(path)
		return nil, false, err
	}
	return db, true, nil
}

func runTransfer(ctx context.Context, out io.Writer, dst, src model.Store, annotator string, asJSON bool) error {
	rep, err := transfer(ctx, dst, src, annotator)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(out, "%s -> %s: %s\n", src.Path(), dst.Path(), ui.MergeCounts(rep))
	for _, l := range rep.Labels {
		fmt.Fprintf(out, "  label added to the schema: %s\n", l)
	}
	for _, c := range rep.Conflicts {
		fmt.Fprintf(out, "  conflict: %s\n", c)
	}
	return nil
}

// transfer copies src's layers (one with annotator) into dst, the schema
// grown in the name of whoever dst writes as.
func transfer(ctx context.Context, dst, src model.Store, annotator string) (*model.MergeReport, error) {
	by, err := resolveAnnotatorOf(dst, "")
	if err != nil {
		return nil, err
	}
	return storage.Transfer(ctx, dst, src, storage.TransferOptions{Annotator: annotator, By: by})
}

// notePerson makes a file pulled for one member that member's working
// copy (storage.Person): pulled as the member's role, or with
// --annotator NAME, the file's commands and window then write NAME's
// layer, which is the layer a push carries back. A file that is already
// someone's copy stays theirs.
func notePerson(ctx context.Context, out io.Writer, dst *storage.DB, src *postgres.DB, file, annotator string, asJSON bool) error {
	name := annotator
	if src.IsMember() {
		name = src.Name()
	}
	if name == "" || name == model.GoldAnnotator {
		return nil
	}
	cur, err := dst.Person(ctx)
	if err != nil || cur != "" {
		return err
	}
	if err := dst.SetPerson(ctx, name); err != nil {
		return err
	}
	if !asJSON {
		fmt.Fprintf(out, "%s is %s's copy: margin annotate and the window write %s's layer there; bring it back with: margin push %s URL\n", file, name, name, file)
	}
	return nil
}
