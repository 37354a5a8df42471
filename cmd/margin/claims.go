package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/model"
)

func newRelateCmd() *cobra.Command {
	var from, to, typ, annotator string
	cmd := &cobra.Command{
		Use:   "relate PROJECT --from ID --to ID --type T",
		Short: "Link two annotations of your layer (e.g. a claim claimed_by an ACTOR) and print the relation id",
		Args:  cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			r := &model.Relation{Annotator: annotator, Type: typ, From: from, To: to}
			if err := db.CreateRelation(ctx, r); err != nil {
				return fmt.Errorf("relate: %w", err)
			}
			fmt.Fprintln(cmd.OutOrStdout(), r.ID)
			return nil
		}),
	}
	cmd.Flags().StringVar(&from, "from", "", "source annotation id")
	cmd.Flags().StringVar(&to, "to", "", "target annotation id")
	cmd.Flags().StringVar(&typ, "type", "", "relation type from the schema")
	cmd.Flags().StringVar(&annotator, "annotator", "", "layer (default: the annotations' own layer)")
	for _, f := range []string{"from", "to", "type"} {
		cmd.MarkFlagRequired(f)
	}
	return cmd
}

func newLabelDocCmd() *cobra.Command {
	var (
		docID                 int64
		set, value, annotator string
		remove                bool
	)
	cmd := &cobra.Command{
		Use:   "label-doc PROJECT --doc ID --set S --value V",
		Short: "Classify a whole document (e.g. --set relevance --value relevant)",
		Args:  cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			who, err := resolveAnnotatorOf(db, annotator)
			if err != nil {
				return err
			}
			l := model.DocLabel{DocID: docID, Annotator: who, Set: set, Value: value}
			if remove {
				err = db.RemoveDocLabel(ctx, l)
			} else {
				err = db.SetDocLabel(ctx, l)
			}
			if err != nil {
				return fmt.Errorf("label-doc: %w", err)
			}
			return nil
		}),
	}
	f := cmd.Flags()
	f.Int64Var(&docID, "doc", 0, "document id")
	f.StringVar(&set, "set", "", "document label set from the schema")
	f.StringVar(&value, "value", "", "value")
	f.BoolVar(&remove, "remove", false, "remove the value instead of setting it")
	f.StringVar(&annotator, "annotator", "", "annotator (default: $MARGIN_ANNOTATOR, then the OS user)")
	for _, r := range []string{"doc", "set", "value"} {
		cmd.MarkFlagRequired(r)
	}
	return cmd
}

func newSchemaCmd() *cobra.Command {
	var (
		setFile   string
		renames   []string
		force     bool
		annotator string
	)
	cmd := &cobra.Command{
		Use:   "schema PROJECT [--set FILE [--rename OLD=NEW]... [--force]]",
		Short: "Print the label schema (TOML), or replace it after validation",
		Long: `Without --set, print the project's schema as TOML.

With --set FILE, validate FILE and make it the schema. Annotations follow:
--rename OLD=NEW moves OLD's annotations to NEW (two renames onto one name
merge labels). A label that disappears while annotations use it is refused
unless --force, which deletes those annotations (recorded in the history,
so 'undo' brings them back). Nothing changes when anything is refused.`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			if setFile == "" {
				sc, err := db.Schema(ctx)
				if err != nil {
					return err
				}
				text, err := sc.TOML()
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(text)
				return err
			}
			who, err := resolveAnnotatorOf(db, annotator)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(setFile)
			if err != nil {
				return fmt.Errorf("schema: %w", err)
			}
			sc, err := model.ParseSchema(data)
			if err != nil {
				return fmt.Errorf("%s: %w", setFile, err)
			}
			rn := map[string]string{}
			for _, r := range renames {
				old, nw, ok := strings.Cut(r, "=")
				if !ok || old == "" || nw == "" {
					return fmt.Errorf("schema: --rename %q: want OLD=NEW", r)
				}
				if prev, dup := rn[old]; dup && prev != nw {
					return fmt.Errorf("schema: --rename %s=%s and %s=%s: one label cannot be renamed twice", old, prev, old, nw)
				}
				rn[old] = nw // all renames apply at once (ChangeSchema)
			}
			change, err := db.ChangeSchema(ctx, sc, who, rn, force)
			var inUse *model.LabelsInUseError
			if errors.As(err, &inUse) {
				return fmt.Errorf("schema: %w; rename them with --rename OLD=NEW, or pass --force to delete those annotations", err)
			}
			if err != nil {
				return fmt.Errorf("schema: %w", err)
			}
			out := cmd.OutOrStdout()
			for _, old := range sortedKeys(change.Renamed) {
				fmt.Fprintf(out, "renamed %s -> %s: %d annotations\n", old, rn[old], change.Renamed[old])
			}
			for _, l := range sortedKeys(change.Removed) {
				fmt.Fprintf(out, "removed %s: %d annotations deleted (undo with 'margin undo')\n", l, change.Removed[l])
			}
			fmt.Fprintf(out, "schema updated: %d labels\n", len(sc.Labels))
			return nil
		}),
	}
	cmd.Flags().StringVar(&setFile, "set", "", "TOML schema file to make the project's schema")
	cmd.Flags().StringArrayVar(&renames, "rename", nil, "OLD=NEW: move OLD's annotations to NEW (repeatable)")
	cmd.Flags().BoolVar(&force, "force", false, "delete annotations whose label the new schema drops")
	cmd.Flags().StringVar(&annotator, "annotator", "", "who makes the change (default: $MARGIN_ANNOTATOR, then the OS user)")
	return cmd
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
