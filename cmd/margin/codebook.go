package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/codebook"
	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/model"
)

func newCodebookCmd() *cobra.Command {
	var (
		format string
		out    string
		force  bool
	)
	cmd := &cobra.Command{
		Use:   "codebook PROJECT [--format md|html] [-o FILE] [--force]",
		Short: "Print the project's codebook: labels with guidelines, attributes, relation types, document labels",
		Long: `Print the codebook of the project's label schema: every label with its
colour, hotkey and guideline (Markdown), its attributes and their values,
the relation types and the document label sets.

--format md (default) writes Markdown, --format html a standalone page
(guidelines rendered; raw HTML in them is dropped). With -o FILE the
codebook goes to FILE (the format follows its extension when --format is
not given); an existing FILE is replaced only with --force, and never when
it is the project or another SQLite database.`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
			f, err := codebookFormat(format, out)
			if err != nil {
				return err
			}
			sc, err := db.Schema(ctx)
			if err != nil {
				return fmt.Errorf("codebook: %w", err)
			}
			title := strings.TrimSuffix(filepath.Base(args[0]), filepath.Ext(args[0]))
			write := func(w io.Writer) error { return codebook.Write(w, f, title, sc) }
			if out == "" {
				return write(cmd.OutOrStdout())
			}
			if err := dataset.WriteFile(dataset.FileTarget{Path: out, Project: args[0], Replace: force}, write); err != nil {
				return fmt.Errorf("codebook: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "codebook written to %s\n", out)
			return nil
		}),
	}
	cmd.Flags().StringVar(&format, "format", "", "md or html (default: from -o's extension, else md)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to FILE instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing FILE")
	return cmd
}

// codebookFormat is --format, or the one -o's extension names, or Markdown.
func codebookFormat(flag, out string) (codebook.Format, error) {
	if flag != "" {
		return codebook.ParseFormat(flag)
	}
	if ext := strings.ToLower(filepath.Ext(out)); ext == ".html" || ext == ".htm" {
		return codebook.HTML, nil
	}
	return codebook.Markdown, nil
}
