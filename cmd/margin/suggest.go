package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/suggest"
)

// Suggestions (issue 16) on the command line: 'margin suggest' trains and
// runs recommenders, 'margin suggestions' lists, accepts and rejects what
// they proposed. The window calls the same suggest and storage functions.

func newSuggestCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "suggest",
		Short: "Train and run recommenders that propose spans and document labels",
		Long: `Recommenders learn from the project's layers and propose suggestions, kept
apart from annotations until someone accepts them ('margin suggestions').

  tagger    averaged perceptron sequence tagger (spans)
  strings   the strings the layers labeled, proposed wherever they occur again;
            plus a gazetteer (--gazetteer FILE, TSV phrase<TAB>label) and the
            schema's label patterns (patterns = ["regex", ...])
  doclabel  document classifier for the schema's document-label sets
  external  a server speaking INCEpTION's external recommender protocol (--url)
  llm       an OpenAI-compatible chat endpoint, e.g. a local Ollama (--url, --model)`,
	}
	cmd.AddCommand(newSuggestTrainCmd(), newSuggestRunCmd(), newSuggestEvalCmd(), newSuggestSetCmd(), newSuggestModelsCmd())
	return cmd
}

// withSuggestions adapts a suggestion command's body: the project's
// suggestion side, and on a server project, where each person has their
// own recommenders, suggestions and settings (migration 016), the handle
// acts for the person the command names (--annotator, or run's --for),
// by default you (a member: always the member).
func withSuggestions(fn func(ctx context.Context, db suggest.Store, cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return withProject(func(ctx context.Context, db model.Store, cmd *cobra.Command, args []string) error {
		st, ok := model.StoreAs[suggest.Store](db)
		if !ok {
			return fmt.Errorf("%s: this project's store keeps no suggestions", db.Path())
		}
		if a, ok := model.StoreAs[interface{ ActAs(name string) }](db); ok {
			named := ""
			for _, flag := range []string{"annotator", "for"} {
				if f := cmd.Flags().Lookup(flag); f != nil && f.Value.String() != "" {
					named = f.Value.String()
					break
				}
			}
			who, err := resolveAnnotatorOf(db, named)
			if err != nil {
				return err
			}
			if m, ok := model.StoreAs[interface {
				IsMember() bool
				Name() string
			}](db); ok && m.IsMember() && named != "" && named != m.Name() {
				// The server fixes who a member is: say so rather than
				// list the member's own as if they were named's.
				fmt.Fprintf(cmd.ErrOrStderr(), "margin: note: on this server you are %s (your login), and suggestions are each person's: --annotator %s acts only for the project's owner\n", m.Name(), named)
			}
			a.ActAs(who)
		}
		return fn(ctx, st, cmd, args)
	})
}

// personFlag adds --annotator: whose recommenders and suggestions, on a
// server project (a project file's are shared).
func personFlag(cmd *cobra.Command, to *string) {
	cmd.Flags().StringVar(to, "annotator", "", "on a server project, whose recommenders and suggestions: each person has their own (default: you; a member is always themselves)")
}

func splitNames(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

func readGazetteer(path string) (*suggest.Gazetteer, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	return suggest.ReadGazetteer(f, path)
}

func printEvaluation(w io.Writer, ev *suggest.Evaluation) {
	if ev == nil {
		fmt.Fprintln(w, "no held-out evaluation (too few documents)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "label\tprecision\trecall\tF1\tgold\tpredicted\n")
	labels := make([]string, 0, len(ev.Labels))
	for l := range ev.Labels {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		s := ev.Labels[l]
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\n", l, s.Precision, s.Recall, s.F1, s.Gold, s.Predicted)
	}
	o := ev.Overall
	fmt.Fprintf(tw, "overall\t%.3f\t%.3f\t%.3f\t%d\t%d\n", o.Precision, o.Recall, o.F1, o.Gold, o.Predicted)
	tw.Flush()
	fmt.Fprintf(w, "held-out documents: %d\n", ev.Documents)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func newSuggestTrainCmd() *cobra.Command {
	var kind, name, from, gazetteer, url, annotator string
	var holdOut float64
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "train PROJECT --recommender tagger|strings|doclabel|external [--from ANNOTATOR,...] [--json]",
		Short: "Train a recommender on the chosen layers and store its model in the project",
		Long: `Train a recommender on the annotations (or document labels, for doclabel)
of the chosen layers (--from, default every annotator's). The last
--hold-out fraction of those documents (by id) is held out: the model
trained on the rest is evaluated there (precision, recall, F1 per label,
exact matches), then the model is trained again on every document and
stored in the project as the recommender's next version, with that
evaluation. For external, the documents are sent to the server's /train.`,
		Args: cobra.ExactArgs(1),
		RunE: withSuggestions(func(ctx context.Context, db suggest.Store, cmd *cobra.Command, args []string) error {
			who, err := resolveAnnotatorOf(db, annotator)
			if err != nil {
				return err
			}
			gaz, err := readGazetteer(gazetteer)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if kind == "external" {
				if url == "" {
					return fmt.Errorf("suggest train: external needs --url")
				}
				layer := name
				if layer == "" {
					layer = "external"
				}
				ext := suggest.NewExternal(layer, url)
				examples, _, err := suggest.LoadExamples(ctx, db, splitNames(from))
				if err != nil {
					return err
				}
				if err := ext.Train(ctx, examples, nil); err != nil {
					return fmt.Errorf("suggest train: %w", err)
				}
				data, _ := ext.Marshal()
				m := &model.RecommenderModel{Recommender: layer, Kind: "external", Data: data, TrainedOn: from, CreatedBy: who}
				if err := db.SaveModel(ctx, m); err != nil {
					return err
				}
				fmt.Fprintf(out, "sent %d documents to %s/train\n", len(examples), url)
				return nil
			}
			bar := newProgress(cmd, "train "+kind, false)
			res, err := suggest.Train(ctx, db, suggest.TrainOptions{Kind: kind, Name: name, From: splitNames(from), Gazetteer: gaz, HoldOut: holdOut, By: who, Progress: bar.countFunc()})
			bar.finish()
			if err != nil {
				return fmt.Errorf("suggest train: %w", err)
			}
			if asJSON {
				return writeJSON(out, res)
			}
			fmt.Fprintf(out, "trained %s (%s) version %d on %d documents of %s in %s\n", res.Name, res.Kind, res.Version, res.Documents, strings.Join(res.From, ", "), res.TrainTime.Round(1e6))
			printEvaluation(out, res.Evaluation)
			return nil
		}),
	}
	cmd.Flags().StringVar(&kind, "recommender", "", "tagger, strings, doclabel or external")
	cmd.Flags().StringVar(&name, "name", "", "suggestion layer name (default: the recommender)")
	cmd.Flags().StringVar(&from, "from", "", "comma-separated layers to learn from (default: every annotator)")
	cmd.Flags().StringVar(&gazetteer, "gazetteer", "", "TSV file of phrase<TAB>label (strings: proposed; tagger: features)")
	cmd.Flags().StringVar(&url, "url", "", "external: the recommender server's base URL")
	cmd.Flags().Float64Var(&holdOut, "hold-out", 0.2, "fraction of the documents held out for the evaluation")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	personFlag(cmd, &annotator)
	cmd.MarkFlagRequired("recommender")
	return cmd
}

// recommenderFor makes the recommender to run: a stored model's, or an
// external server or chat endpoint named by the flags.
func recommenderFor(ctx context.Context, db suggest.Store, name, url, modelName string) (suggest.Recommender, *model.RecommenderModel, error) {
	stored, err := db.LatestModel(ctx, name)
	if err != nil && !errors.Is(err, model.ErrNoModel) {
		return nil, nil, err
	}
	switch {
	case name == "llm" || (stored == nil && modelName != ""):
		if url == "" || modelName == "" {
			return nil, nil, fmt.Errorf("the llm recommender needs --url (e.g. http://localhost:11434) and --model")
		}
		sc, err := db.Schema(ctx)
		if err != nil {
			return nil, nil, err
		}
		return suggest.NewLLM(name, url, modelName, sc.Labels), stored, nil
	case stored != nil && stored.Kind == "external", name == "external":
		if url == "" && stored != nil {
			var cfg struct {
				URL string `json:"url"`
			}
			json.Unmarshal(stored.Data, &cfg)
			url = cfg.URL
		}
		if url == "" {
			return nil, nil, fmt.Errorf("the external recommender needs --url")
		}
		return suggest.NewExternal(name, url), stored, nil
	case stored == nil:
		return nil, nil, fmt.Errorf("recommender %s: %w (train it with 'margin suggest train')", name, model.ErrNoModel)
	}
	rec, m, err := suggest.Load(ctx, db, name)
	return rec, m, err
}

func newSuggestRunCmd() *cobra.Command {
	var name, forWho, url, modelName string
	var docs []int64
	cmd := &cobra.Command{
		Use:   "run PROJECT --recommender NAME [--doc ID]... [--for ANNOTATOR]",
		Short: "Store a recommender's suggestions for documents (all by default)",
		Long: `Run a trained recommender (by its name, see 'suggest train'), an external
server (--recommender external --url URL) or a chat model (--recommender llm
--url URL --model MODEL) over documents and store its suggestions,
replacing its pending ones there. Suggestions rejected before (same text and
label in the document) and what the --for layer already has (the same span
and label, or the same document label) are not stored; the same span with
another label is (a disagreement). --for defaults to you. A recommender switched off, or whose held-out F1 is below
the threshold set with 'suggest set', does not run.`,
		Args: cobra.ExactArgs(1),
		RunE: withSuggestions(func(ctx context.Context, db suggest.Store, cmd *cobra.Command, args []string) error {
			rec, m, err := recommenderFor(ctx, db, name, url, modelName)
			if err != nil {
				return fmt.Errorf("suggest run: %w", err)
			}
			var ev *suggest.Evaluation
			version := 0
			if m != nil {
				if ev, err = suggest.StoredEvaluation(m); err != nil {
					return err
				}
				version = m.Version
			}
			if err := suggest.Gate(ctx, db, name, ev); err != nil {
				return fmt.Errorf("suggest run: %w", err)
			}
			// The layer suggested for: what it has is not proposed again.
			if forWho, err = resolveAnnotatorOf(db, forWho); err != nil {
				return fmt.Errorf("suggest run: %w", err)
			}
			bar := newProgress(cmd, "suggest "+name, false)
			res, err := suggest.Run(ctx, db, rec, suggest.RunOptions{Docs: docs, For: forWho, Version: version, Progress: bar.countFunc()})
			bar.finish()
			if err != nil {
				return fmt.Errorf("suggest run: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %s stored for %s\n", res.Recommender, model.Plural(res.Suggestions, "suggestion", "suggestions"), model.Plural(res.Documents, "document", "documents"))
			if l, ok := rec.(*suggest.LLM); ok && l.Dropped > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d spans of the last document's answer were not found in the text or had unknown labels\n", name, l.Dropped)
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&name, "recommender", "", "recommender name (tagger, strings, doclabel, a --name given to train, external or llm)")
	cmd.Flags().Int64SliceVar(&docs, "doc", nil, "document id (repeatable; default: every document)")
	cmd.Flags().StringVar(&forWho, "for", "", "layer the suggestions are for (an annotator, or gold): a span and label, or document label, it has is not proposed (default: $MARGIN_ANNOTATOR, then the OS user; on a server project, your member's name, and a member's suggestions are always their own)")
	cmd.Flags().StringVar(&url, "url", "", "external or llm: the server's base URL")
	cmd.Flags().StringVar(&modelName, "model", "", "llm: the model name the endpoint serves")
	cmd.MarkFlagRequired("recommender")
	return cmd
}

func newSuggestEvalCmd() *cobra.Command {
	var name, from, gazetteer, url, modelName, annotator string
	var holdOut float64
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "eval PROJECT --recommender NAME [--from ANNOTATOR,...] [--json]",
		Short: "Evaluate a recommender on the held-out part of the chosen layers",
		Long: `Measure a recommender against the last --hold-out fraction of the documents
the chosen layers worked on (precision, recall, F1 per label, exact
matches). A trained kind (tagger, strings, doclabel) is trained afresh on
the other documents for this; an external server or chat model is asked
about the held-out documents as it is. The stored model is not changed.`,
		Args: cobra.ExactArgs(1),
		RunE: withSuggestions(func(ctx context.Context, db suggest.Store, cmd *cobra.Command, args []string) error {
			gaz, err := readGazetteer(gazetteer)
			if err != nil {
				return err
			}
			kind := name
			if m, err := db.LatestModel(ctx, name); err == nil {
				kind = m.Kind
			}
			var ev *suggest.Evaluation
			switch kind {
			case suggest.KindTagger, suggest.KindStrings, suggest.KindDocLabel:
				ev, err = suggest.EvaluateFresh(ctx, db, kind, name, splitNames(from), gaz, holdOut)
			default:
				var rec suggest.Recommender
				if rec, _, err = recommenderFor(ctx, db, name, url, modelName); err == nil {
					ev, err = suggest.EvaluateHeldOut(ctx, db, rec, splitNames(from), holdOut)
				}
			}
			if err != nil {
				return fmt.Errorf("suggest eval: %w", err)
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), ev)
			}
			printEvaluation(cmd.OutOrStdout(), ev)
			return nil
		}),
	}
	cmd.Flags().StringVar(&name, "recommender", "", "recommender name")
	cmd.Flags().StringVar(&from, "from", "", "comma-separated layers to measure against (default: every annotator)")
	cmd.Flags().StringVar(&gazetteer, "gazetteer", "", "TSV gazetteer for a fresh tagger or string matcher")
	cmd.Flags().StringVar(&url, "url", "", "external or llm: the server's base URL")
	cmd.Flags().StringVar(&modelName, "model", "", "llm: the model name")
	cmd.Flags().Float64Var(&holdOut, "hold-out", 0.2, "fraction of the documents held out")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	personFlag(cmd, &annotator)
	cmd.MarkFlagRequired("recommender")
	return cmd
}

func newSuggestSetCmd() *cobra.Command {
	var name, annotator string
	var threshold float64
	var on, off bool
	cmd := &cobra.Command{
		Use:   "set PROJECT --recommender NAME [--threshold F1] [--on | --off]",
		Short: "Switch a recommender on or off, or set the held-out F1 below which it stops suggesting",
		Args:  cobra.ExactArgs(1),
		RunE: withSuggestions(func(ctx context.Context, db suggest.Store, cmd *cobra.Command, args []string) error {
			if on && off {
				return fmt.Errorf("suggest set: --on and --off together")
			}
			st, err := db.RecommenderSettings(ctx, name)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("threshold") {
				st.Threshold = threshold
			}
			if on || off {
				st.Enabled = on
			}
			if err := db.SetRecommenderSettings(ctx, st); err != nil {
				return fmt.Errorf("suggest set: %w", err)
			}
			state := "on"
			if !st.Enabled {
				state = "off"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %s, threshold %.3f\n", name, state, st.Threshold)
			return nil
		}),
	}
	cmd.Flags().StringVar(&name, "recommender", "", "recommender name")
	cmd.Flags().Float64Var(&threshold, "threshold", 0, "held-out F1 (0-1) below which the recommender does not suggest")
	cmd.Flags().BoolVar(&on, "on", false, "switch it on")
	cmd.Flags().BoolVar(&off, "off", false, "switch it off")
	personFlag(cmd, &annotator)
	cmd.MarkFlagRequired("recommender")
	return cmd
}

func newSuggestModelsCmd() *cobra.Command {
	var name, annotator string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "models PROJECT --recommender NAME [--json]",
		Short: "Every trained version of a recommender with its held-out F1: the learning curve",
		Args:  cobra.ExactArgs(1),
		RunE: withSuggestions(func(ctx context.Context, db suggest.Store, cmd *cobra.Command, args []string) error {
			ms, err := db.Models(ctx, name)
			if err != nil {
				return err
			}
			type row struct {
				Version     int                 `json:"version"`
				Kind        string              `json:"kind"`
				CreatedAt   string              `json:"created_at"`
				TrainedOn   string              `json:"trained_on"`
				Annotations int                 `json:"annotations"`
				Evaluation  *suggest.Evaluation `json:"evaluation"`
			}
			rows := []row{}
			for i := range ms {
				ev, err := suggest.StoredEvaluation(&ms[i])
				if err != nil {
					return err
				}
				rows = append(rows, row{ms[i].Version, ms[i].Kind, ms[i].CreatedAt.Format("2006-01-02T15:04:05Z"), ms[i].TrainedOn, ms[i].Annotations, ev})
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, rows)
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "version\ttrained\tfrom\tannotations\theld-out F1\n")
			for _, r := range rows {
				f1 := "n/a"
				if r.Evaluation != nil {
					f1 = fmt.Sprintf("%.3f", r.Evaluation.Overall.F1)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", r.Version, r.CreatedAt, r.TrainedOn, r.Annotations, f1)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().StringVar(&name, "recommender", "", "recommender name")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	personFlag(cmd, &annotator)
	cmd.MarkFlagRequired("recommender")
	return cmd
}

// suggestionRow is a suggestion as 'margin suggestions' prints it.
type suggestionRow struct {
	ID          int64                  `json:"id"`
	Doc         int64                  `json:"doc"`
	Label       string                 `json:"label"`
	Set         string                 `json:"set,omitempty"`
	Start       int                    `json:"start"`
	End         int                    `json:"end"`
	Fragments   []model.Fragment       `json:"fragments,omitempty"`
	Text        string                 `json:"text"`
	Score       float64                `json:"score"`
	Recommender string                 `json:"recommender"`
	Version     int                    `json:"version"`
	Status      model.SuggestionStatus `json:"status"`
	Source      string                 `json:"source,omitempty"`
	CreatedAt   string                 `json:"created_at"`
}

func rowOf(s model.Suggestion) suggestionRow {
	r := suggestionRow{ID: s.ID, Doc: s.DocID, Label: s.Label, Set: s.Set, Start: s.Start(), End: s.End(), Text: s.Text, Score: s.Score,
		Recommender: s.Recommender, Version: s.Version, Status: s.Status, Source: s.Source, CreatedAt: s.CreatedAt.Format("2006-01-02T15:04:05Z07:00")}
	if len(s.Fragments) > 1 {
		r.Fragments = s.Fragments
	}
	return r
}

func newSuggestionsCmd() *cobra.Command {
	var doc int64
	var rec, annotator string
	var minScore float64
	var all, asJSON bool
	cmd := &cobra.Command{
		Use:   "suggestions PROJECT [--doc ID] [--recommender NAME] [--min-score S] [--all] [--json]",
		Short: "List pending suggestions; accept or reject them; show the decision log",
		Long: `List the pending suggestions (id, doc, label, start, end, text, score,
recommender); --all also lists accepted and rejected ones. --json writes
them with their version, status and source (the model or prompt that
made them): the suggestion layers' export. 'margin suggestions log' is the
decision log.`,
		Args: cobra.ExactArgs(1),
		RunE: withSuggestions(func(ctx context.Context, db suggest.Store, cmd *cobra.Command, args []string) error {
			list, err := db.Suggestions(ctx, model.SuggestionQuery{DocID: doc, Recommender: rec, AnyStatus: all, MinScore: minScore, For: annotator})
			if err != nil {
				return err
			}
			rows := make([]suggestionRow, len(list))
			for i, s := range list {
				rows[i] = rowOf(s)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, rows)
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "id\tdoc\tlabel\tstart\tend\ttext\tscore\trecommender\n")
			for _, r := range rows {
				label := r.Label
				if r.Set != "" {
					label = r.Set + "=" + r.Label
				}
				if all {
					label += " (" + string(r.Status) + ")"
				}
				fmt.Fprintf(tw, "%d\t%d\t%s\t%d\t%d\t%q\t%.3f\t%s\n", r.ID, r.Doc, label, r.Start, r.End, r.Text, r.Score, r.Recommender)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().Int64Var(&doc, "doc", 0, "only this document")
	cmd.Flags().StringVar(&rec, "recommender", "", "only this recommender's layer")
	cmd.Flags().Float64Var(&minScore, "min-score", 0, "only suggestions scoring at least this")
	cmd.Flags().BoolVar(&all, "all", false, "also accepted and rejected suggestions")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	personFlag(cmd, &annotator)
	cmd.AddCommand(newDecideCmd(true), newDecideCmd(false), newDecisionLogCmd())
	return cmd
}

// bulkDecider accepts or rejects many suggestions as one undo step (both
// stores).
type bulkDecider interface {
	AcceptSuggestions(ctx context.Context, ids []int64, by string) ([]*model.Annotation, error)
	RejectSuggestions(ctx context.Context, ids []int64, by string) (int, error)
}

func newDecideCmd(accept bool) *cobra.Command {
	verb := "reject"
	if accept {
		verb = "accept"
	}
	var ids []int64
	var doc int64
	var minScore float64
	var rec, annotator, label string
	cmd := &cobra.Command{
		Use:   verb + " PROJECT (--id ID... | --doc ID [--min-score S]) [--recommender NAME] [--annotator NAME]",
		Short: strings.ToUpper(verb[:1]) + verb[1:] + " suggestions by id, or every pending one of a document scoring at least --min-score",
		Long: `Accepting makes the suggestion the annotator's annotation (or document
label), remembering the recommender and score it came from; one accept
command is one undo step ('margin undo'), however many it accepts (as the
window's "Accept all ≥"), and so is one reject command. --label accepts with another label (logged
as a correction). Rejecting keeps the same text and label from being
suggested in that document again. Every decision is logged with who and
when ('margin suggestions log').`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return fmt.Errorf("suggestions %s: one project, then the suggestions with --id (margin suggestions %s %s --id %s)", verb, verb, args[0], strings.Join(args[1:], ","))
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: withSuggestions(func(ctx context.Context, db suggest.Store, cmd *cobra.Command, args []string) error {
			if (len(ids) == 0) == (doc == 0) {
				return fmt.Errorf("suggestions %s: give --id ID... or --doc ID", verb)
			}
			if len(ids) > 0 && cmd.Flags().Changed("min-score") {
				return fmt.Errorf("suggestions %s: --min-score goes with --doc, not --id", verb)
			}
			who, err := resolveAnnotatorOf(db, annotator)
			if err != nil {
				return err
			}
			q := model.SuggestionQuery{IDs: ids, DocID: doc, Recommender: rec, MinScore: minScore, For: who}
			list, err := db.Suggestions(ctx, q)
			if err != nil {
				return err
			}
			if len(ids) > 0 && len(list) != len(ids) {
				return fmt.Errorf("suggestions %s: %d of the %d ids are not pending suggestions (see 'margin suggestions %s --all')", verb, len(ids)-len(list), len(ids), args[0])
			}
			if label != "" {
				sc, err := db.Schema(ctx)
				if err != nil {
					return err
				}
				if _, ok := sc.Label(label); !ok {
					return fmt.Errorf("suggestions accept: label %q is not in the schema", label)
				}
			}
			// Deciding on many as they are is one undo step, as the
			// window's "Accept all ≥" is.
			if bulk, ok := db.(bulkDecider); ok && len(list) > 1 && (!accept || label == "") {
				ids := make([]int64, len(list))
				for i, s := range list {
					ids[i] = s.ID
				}
				n := len(ids)
				if accept {
					_, err = bulk.AcceptSuggestions(ctx, ids, who)
				} else {
					n, err = bulk.RejectSuggestions(ctx, ids, who)
				}
				if err != nil {
					return fmt.Errorf("suggestions %s: %w (none %sed)", verb, err, verb)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%sed %s (one undo step)\n", verb, model.Plural(n, "suggestion", "suggestions"))
				return nil
			}
			n := 0
			for _, s := range list {
				if accept {
					_, err = db.AcceptSuggestion(ctx, s.ID, who, model.AcceptOptions{Label: label})
				} else {
					err = db.RejectSuggestion(ctx, s.ID, who)
				}
				if errors.Is(err, model.ErrSuggestionDecided) && len(ids) == 0 {
					continue // rejecting one removed others of the same text
				}
				if err != nil {
					return fmt.Errorf("suggestions %s: %w (%d done before)", verb, err, n)
				}
				n++
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%sed %s\n", verb, model.Plural(n, "suggestion", "suggestions"))
			return nil
		}),
	}
	cmd.Flags().Int64SliceVar(&ids, "id", nil, "suggestion id (repeatable, or comma-separated)")
	cmd.Flags().Int64Var(&doc, "doc", 0, "every pending suggestion of this document")
	cmd.Flags().Float64Var(&minScore, "min-score", 0, "with --doc: only suggestions scoring at least this")
	cmd.Flags().StringVar(&rec, "recommender", "", "only this recommender's suggestions")
	cmd.Flags().StringVar(&annotator, "annotator", "", "who decides (default: $MARGIN_ANNOTATOR, then the OS user; on a server project, your member's name)")
	if accept {
		cmd.Flags().StringVar(&label, "label", "", "accept with this label instead (a correction)")
	}
	return cmd
}

func newDecisionLogCmd() *cobra.Command {
	var doc int64
	var by string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "log PROJECT [--doc ID] [--by NAME] [--json]",
		Short: "The decision log: every suggestion shown, accepted, corrected, rejected or skipped, by whom and when",
		Long: `The decision log, oldest first (--by: one person's). On a server project an
annotator reads her own decisions; curators, leads and the owner read the
team's.`,
		Args: cobra.ExactArgs(1),
		RunE: withSuggestions(func(ctx context.Context, db suggest.Store, cmd *cobra.Command, args []string) error {
			log, err := db.Decisions(ctx, doc)
			if err != nil {
				return err
			}
			if by != "" {
				mine := log[:0]
				for _, d := range log {
					if d.By == by {
						mine = append(mine, d)
					}
				}
				log = mine
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, log)
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "at\tby\taction\tdoc\tlabel\tstart\tend\ttext\tscore\trecommender\n")
			for _, d := range log {
				label := d.Label
				if d.NewLabel != "" {
					label += " -> " + d.NewLabel
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d\t%d\t%q\t%.3f\t%s\n", d.At.Format("2006-01-02T15:04:05Z"), d.By, d.Action, d.DocID, label, d.Start, d.End, d.Text, d.Score, d.Recommender)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().Int64Var(&doc, "doc", 0, "only this document")
	cmd.Flags().StringVar(&by, "by", "", "only this person's decisions")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
