package ui

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/suggest"
)

// The recommenders panel lists the project's recommenders, each with its
// newest model's held-out evaluation (precision, recall and F1 per label,
// suggest's self-evaluation), its on/off switch and F1 threshold, and
// "Train now" and "Suggest now", which run off the UI goroutine with a
// progress bar and a Cancel button (closing the window waits for them or
// cancels them, as for an import).

// recommenderLister names the recommenders a store knows
// (storage.DB.Recommenders).
type recommenderLister interface {
	Recommenders(ctx context.Context) ([]string, error)
}

// recommendersPanel is the Recommenders tab.
type recommendersPanel struct {
	s    *suggestionsUI
	list *fyne.Container
	box  *fyne.Container
	kind *widget.Select
	// job is the training or suggesting running (nil: none); jobDone, if
	// set, is called on the UI goroutine when one ends (tests wait on it).
	job     *recJob
	jobDone func(error)
	// post runs a func on the UI goroutine: fyne.Do (a test drains its
	// own queue instead, so that a background job's updates and the
	// test's own stay on one goroutine under the test driver).
	post    func(func())
	retrain autoRetrain // recommenders_retrain.go
	// afterJob, if set, starts the next job once the one running has
	// finished well (suggesting after a background retraining).
	afterJob func()
}

// recJob is one background training or suggesting run.
type recJob struct {
	post   func(func())
	what   string
	cancel context.CancelFunc
	bar    *widget.ProgressBar
	label  *widget.Label
	box    *fyne.Container
}

func newRecommendersPanel(s *suggestionsUI) *recommendersPanel {
	p := &recommendersPanel{s: s, list: container.NewVBox(), post: fyne.Do}
	auto := p.newAutoRetrain()
	p.kind = widget.NewSelect([]string{suggest.KindTagger, suggest.KindStrings, suggest.KindDocLabel}, nil)
	p.kind.SetSelected(suggest.KindStrings)
	train := widget.NewButtonWithIcon("Train", theme.ComputerIcon(), func() { p.train(p.kind.Selected, p.kind.Selected, nil, nil) })
	newRow := container.NewBorder(nil, nil, widget.NewLabel("New:"), train, p.kind)
	p.box = container.NewBorder(container.NewVBox(newRow, auto), nil, nil, nil, container.NewVScroll(p.list))
	return p
}

// recommenderInfo is what the panel shows of one recommender.
type recommenderInfo struct {
	name     string
	model    *model.RecommenderModel // newest model (nil: never trained here)
	eval     *suggest.Evaluation
	settings model.RecommenderSettings
	curve    string // held-out F1 of each version: the learning curve
}

// refresh re-reads the recommenders (after the writes before) and redraws.
func (p *recommendersPanel) refresh() {
	w := p.s.w
	ss := w.ctl.Suggestions()
	lister, ok := storeAs[recommenderLister](w.store)
	if ss == nil || !ok {
		p.list.Objects = []fyne.CanvasObject{widget.NewLabel("This project's store keeps no suggestions.")}
		p.list.Refresh()
		return
	}
	var infos []recommenderInfo
	w.ctl.Read(func(model.Store) error {
		names, err := lister.Recommenders(w.ctx)
		if err != nil {
			return err
		}
		for _, n := range names {
			in := recommenderInfo{name: n}
			m, err := ss.LatestModel(w.ctx, n)
			switch {
			case err == nil:
				in.model = m
				if in.eval, err = suggest.StoredEvaluation(m); err != nil {
					return err
				}
			case !errors.Is(err, model.ErrNoModel):
				return err
			}
			if in.settings, err = ss.RecommenderSettings(w.ctx, n); err != nil {
				return err
			}
			if in.curve, err = learningCurve(w.ctx, ss, n); err != nil {
				return err
			}
			infos = append(infos, in)
		}
		return nil
	}, func(err error) {
		if err != nil {
			w.showError(fmt.Errorf("recommenders: %w", err))
			return
		}
		p.draw(infos)
	})
}

func (p *recommendersPanel) draw(infos []recommenderInfo) {
	p.list.RemoveAll()
	if p.job != nil {
		p.list.Add(p.job.box)
	}
	if len(infos) == 0 {
		p.list.Add(widget.NewLabel("No recommenders yet: train one above, or import predictions with --as-suggestions."))
	}
	for _, in := range infos {
		p.list.Add(p.card(in))
	}
	p.list.Refresh()
}

// evaluationText is a recommender's evaluation, a line per label.
func evaluationText(ev *suggest.Evaluation) string {
	if ev == nil {
		return "no held-out evaluation"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "held out: %d documents\n", ev.Documents)
	fmt.Fprintf(&b, "%-12s %5s %5s %5s\n", "label", "P", "R", "F1")
	names := make([]string, 0, len(ev.Labels))
	for l := range ev.Labels {
		names = append(names, l)
	}
	sort.Strings(names)
	row := func(name string, s suggest.Score) {
		fmt.Fprintf(&b, "%-12s %5.2f %5.2f %5.2f\n", name, s.Precision, s.Recall, s.F1)
	}
	for _, l := range names {
		row(l, ev.Labels[l])
	}
	row("overall", ev.Overall)
	return strings.TrimRight(b.String(), "\n")
}

// card is one recommender's box.
func (p *recommendersPanel) card(in recommenderInfo) fyne.CanvasObject {
	w := p.s.w
	title := in.name
	kind := ""
	if in.model != nil {
		kind = in.model.Kind
		title += fmt.Sprintf(" · %s v%d · %d annotations", in.model.Kind, in.model.Version, in.model.Annotations)
	}
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	eval := widget.NewLabelWithStyle(evaluationText(in.eval), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	curve := widget.NewLabel(in.curve)
	curve.Wrapping = fyne.TextWrapWord
	on := widget.NewCheck("on", nil)
	on.SetChecked(in.settings.Enabled)
	thr := widget.NewEntry()
	thr.SetText(strconv.FormatFloat(in.settings.Threshold, 'f', 2, 64))
	save := func() {
		t, err := strconv.ParseFloat(strings.TrimSpace(thr.Text), 64)
		if err != nil || t < 0 || t > 1 {
			w.showError(fmt.Errorf("recommender %s: the threshold %q is not a number from 0 to 1", in.name, thr.Text))
			return
		}
		st := model.RecommenderSettings{Name: in.name, Enabled: on.Checked, Threshold: t}
		ss := w.ctl.Suggestions()
		w.ctl.Write(fmt.Sprintf("settings of %s", in.name), func(model.Store) error { return ss.SetRecommenderSettings(w.ctx, st) }, nil)
	}
	on.OnChanged = func(bool) { save() }
	thr.OnSubmitted = func(string) { save() }
	row := container.NewBorder(nil, nil, on, widget.NewButton("Set", save), container.NewBorder(nil, nil, widget.NewLabel("F1 threshold"), nil, thr))
	var buttons []fyne.CanvasObject
	if _, err := suggest.NewTrainable(kind, in.name); err == nil {
		buttons = append(buttons, widget.NewButtonWithIcon("Train now", theme.ComputerIcon(), func() { p.train(kind, in.name, trainedOn(in.model), nil) }))
	}
	if in.model != nil {
		buttons = append(buttons, widget.NewButtonWithIcon("Suggest now", theme.MediaPlayIcon(), func() { p.suggest(in.name, nil, false) }))
	}
	return container.NewVBox(widget.NewSeparator(), head, eval, curve, row, container.NewGridWithColumns(2, buttons...))
}

// startJob shows a job's progress bar and Cancel button; it returns
// false when another runs (one at a time: they write the same tables).
func (p *recommendersPanel) startJob(what string) (context.Context, *recJob, bool) {
	w := p.s.w
	if p.job != nil {
		w.setStatusText(p.job.what + " is running: wait for it or cancel it")
		return nil, nil, false
	}
	ctx, cancel := context.WithCancel(w.ctx)
	j := &recJob{post: p.post, what: what, cancel: cancel, bar: widget.NewProgressBar(), label: widget.NewLabel(what + "…")}
	j.bar.Max = 100
	j.box = container.NewVBox(j.label, container.NewBorder(nil, nil, nil, widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), cancel), j.bar))
	p.job = j
	p.list.Objects = append([]fyne.CanvasObject{j.box}, p.list.Objects...)
	p.list.Refresh()
	return ctx, j, true
}

// progress moves the job's bar; it may be called from any goroutine.
func (j *recJob) progress(done, total int) {
	j.post(func() {
		if total > 0 {
			j.bar.Max = float64(total)
			j.bar.SetValue(float64(done))
		}
	})
}

// finish ends the job on the UI goroutine: it reports msg or err and
// redraws the panel.
func (p *recommendersPanel) finish(j *recJob, msg string, err error) {
	w := p.s.w
	j.cancel()
	p.job = nil
	switch {
	case errors.Is(err, context.Canceled):
		w.setStatusText(j.what + " cancelled")
	case err != nil:
		w.showError(fmt.Errorf("%s: %w", j.what, err))
	default:
		w.setStatusText(msg)
	}
	p.refresh()
	if p.jobDone != nil {
		p.jobDone(err)
	}
	if next := p.afterJob; next != nil {
		p.afterJob = nil
		if err == nil {
			next()
		}
	}
}

// run runs work off the UI goroutine as the job what.
func (p *recommendersPanel) run(what string, work func(ctx context.Context, j *recJob) (string, error), then func()) {
	w := p.s.w
	if _, ok := storeAs[suggest.Store](w.store); !ok || w.store.ReadOnly() {
		w.setStatusText(what + ": this project cannot keep recommenders (read-only, or not a project file)")
		return
	}
	ctx, j, ok := p.startJob(what)
	if !ok {
		return
	}
	op := w.startOp(what, j.cancel)
	go func() {
		defer w.endOp(op)
		msg, err := work(ctx, j)
		p.post(func() {
			if err == nil && then != nil {
				then()
			}
			p.finish(j, msg, err)
		})
	}()
}

// train trains (or retrains) the recommender name of kind and stores the
// model with its held-out evaluation; from names the layers (nil: every
// annotator's). then, if not nil, runs once it has succeeded.
func (p *recommendersPanel) train(kind, name string, from []string, then func()) {
	w := p.s.w
	st, _ := storeAs[suggest.Store](w.store)
	p.run("training "+name, func(ctx context.Context, j *recJob) (string, error) {
		res, err := suggest.Train(ctx, st, suggest.TrainOptions{Kind: kind, Name: name, From: from, By: w.annotator, Progress: j.progress})
		if err != nil {
			return "", err
		}
		f1 := "no held-out evaluation (too few documents)"
		if res.Evaluation != nil {
			f1 = fmt.Sprintf("held-out F1 %.3f", res.Evaluation.Overall.F1)
		}
		return fmt.Sprintf("trained %s v%d on %d documents: %s", res.Name, res.Version, res.Documents, f1), nil
	}, then)
}

// suggest runs the recommender name's newest model over docs (nil: every
// document) for the annotator (what they have is not proposed), unless it
// is off or below its threshold: that is an error, or with quiet (the
// background retraining's run) a status message.
func (p *recommendersPanel) suggest(name string, docs []int64, quiet bool) {
	w := p.s.w
	st, _ := storeAs[suggest.Store](w.store)
	p.run("suggesting with "+name, func(ctx context.Context, j *recJob) (string, error) {
		rec, m, err := suggest.Load(ctx, st, name)
		if err != nil {
			return "", err
		}
		ev, err := suggest.StoredEvaluation(m)
		if err != nil {
			return "", err
		}
		if err := suggest.Gate(ctx, st, name, ev); err != nil {
			var below *suggest.BelowThresholdError
			if quiet && (errors.Is(err, suggest.ErrDisabled) || errors.As(err, &below)) {
				return "not suggesting: " + err.Error(), nil
			}
			return "", err
		}
		res, err := suggest.Run(ctx, st, rec, suggest.RunOptions{Docs: docs, For: w.annotator, Version: m.Version, Progress: j.progress})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s suggested %d spans in %d documents", name, res.Suggestions, res.Documents), nil
	}, p.s.reload)
}

// learningCurve is "F1 by version: v1 0.62 · v2 0.71" of a recommender's
// stored models ("" when it has none).
func learningCurve(ctx context.Context, ss model.SuggestionStore, name string) (string, error) {
	ms, err := ss.Models(ctx, name)
	if err != nil || len(ms) == 0 {
		return "", err
	}
	parts := make([]string, 0, len(ms))
	for i := range ms {
		ev, err := suggest.StoredEvaluation(&ms[i])
		if err != nil {
			return "", err
		}
		f1 := "n/a"
		if ev != nil {
			f1 = fmt.Sprintf("%.2f", ev.Overall.F1)
		}
		parts = append(parts, fmt.Sprintf("v%d %s", ms[i].Version, f1))
	}
	return "F1 by version: " + strings.Join(parts, " · "), nil
}

// trainedOn is the layers a model learned from (nil: every annotator's).
func trainedOn(m *model.RecommenderModel) []string {
	if m == nil || m.TrainedOn == "" {
		return nil
	}
	return strings.Split(m.TrainedOn, ",")
}
