package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/margin-app/margin/model"
)

// newUndoCmd is `margin undo` (or redo): it says what the step will do,
// and a bulk step (an import, a merge, a label-all, a schema change) goes
// only with --yes or a "y" typed at the prompt on a terminal. One undo
// once removed a whole import of 10,000 annotations without a word
// (issue 12, item 4).
func newUndoCmd(redo bool) *cobra.Command {
	name, verb := "undo", "Undo"
	if redo {
		name, verb = "redo", "Redo"
	}
	var annotator string
	var yes bool
	cmd := &cobra.Command{
		Use:   name + " PROJECT",
		Short: verb + " your most recent change (the same history the window uses)",
		Long: verb + ` your most recent change (the same history the window uses), after
printing what it removes, brings back or changes per document and label.
A bulk step (an import, a merge, a label-all, a schema change) needs --yes,
or a "y" at the prompt when run on a terminal. Only your own part of a step
is affected: an import that brought several annotators' layers leaves the
others' part for them (--annotator NAME).`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			who, err := resolveAnnotatorOf(db, annotator)
			if err != nil {
				return err
			}
			p, err := db.PreviewHistory(ctx, who, !redo)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if p == nil {
				return fmt.Errorf("%s: nothing to %s for %s", name, name, who)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s for %s: %s\n", name, who, p.Summary())
			for _, l := range p.Details(20) {
				fmt.Fprintln(out, "  "+l)
			}
			if p.Bulk && !yes {
				ok, asked := askYes(cmd.InOrStdin(), out, fmt.Sprintf("%s this bulk step? [y/N] ", verb))
				if !asked {
					return fmt.Errorf("%s: this is a bulk step (%s); nothing changed; run again with --yes to %s it", name, p.Summary(), name)
				}
				if !ok {
					return fmt.Errorf("%s: not confirmed; nothing changed", name)
				}
			}
			step, err := db.StepHistory(ctx, who, p.Group, !redo)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			fmt.Fprintf(out, "%s: %s\n", name, step.Words())
			return nil
		}),
	}
	cmd.Flags().StringVar(&annotator, "annotator", "", "whose change (default: $MARGIN_ANNOTATOR, then the OS user)")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "undo (redo) a bulk step without asking")
	return cmd
}

// askYes asks prompt on a terminal and reports whether the answer was
// yes; asked is false when in is not a terminal (a script), which must
// then say --yes.
func askYes(in io.Reader, out io.Writer, prompt string) (yes, asked bool) {
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false, false
	}
	fmt.Fprint(out, prompt)
	line, _ := bufio.NewReader(f).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", true
}
