package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/margin-app/margin/model"
)

// TransferOptions says what Transfer copies.
type TransferOptions struct {
	// Annotator is the one layer to copy ("gold" for the gold layer and
	// its verdicts); empty copies every layer.
	Annotator string
	// Keep is a layer of dst's that is never changed (the person merging
	// colleagues' work, as in Merge): src's items of that layer are not
	// copied, and are counted in the report's SkippedOwnLayer.
	Keep string
	// By names who grows the target's schema, for its history.
	By string
}

// ErrNoSuchLayer is returned by Transfer for an Annotator the source has
// no layer of.
var ErrNoSuchLayer = fmt.Errorf("no such layer")

// Transfer copies src's documents and layers into dst with the semantics
// of Merge (documents matched by SHA-256, items by id, the newer edit of
// an annotation wins and is reported, labels dst lacks are added to its
// schema), between any two stores: a project file and a server project
// (margin push and pull). It reads src and dst first, decides with the
// merge's own rules (decideAnnotation, mergeSchema), then writes what it
// decided as one dst.Import: one transaction, all or nothing, in which
// each update re-checks that dst's annotation is still the one decided
// against (model.ErrStale otherwise). Transferring twice changes nothing
// the second time: nothing is written when there is nothing to copy.
// Unlike Merge, no layer is skipped: the person syncing their own layer
// is the point of a push or pull. Deletions are not carried over, as in
// Merge: an item missing on one side is copied from the other.
func Transfer(ctx context.Context, dst, src model.Store, opt TransferOptions) (*model.MergeReport, error) {
	rep := &model.MergeReport{Labels: []string{}, Conflicts: []string{}}
	fail := func(err error) (*model.MergeReport, error) {
		return nil, fmt.Errorf("copy %s into %s: %w", src.Path(), dst.Path(), err)
	}
	if opt.Annotator != "" {
		layers, err := src.Annotators(ctx)
		if err != nil {
			return fail(err)
		}
		if opt.Annotator != model.GoldAnnotator && !slices.Contains(layers, opt.Annotator) {
			return fail(fmt.Errorf("%w %q in %s (its layers: %s)", ErrNoSuchLayer, opt.Annotator, src.Path(), strings.Join(layers, ", ")))
		}
	}
	srcSchema, err := src.Schema(ctx)
	if err != nil {
		return fail(err)
	}
	// Would the schema grow? Decided on a reading of dst's; the import
	// grows the schema in force when it writes, with the same rule.
	probe, err := dst.Schema(ctx)
	if err != nil {
		return fail(err)
	}
	schemaGrows := mergeSchema(probe, srcSchema, &model.MergeReport{})
	srcDocs, err := src.Documents(ctx)
	if err != nil {
		return fail(err)
	}
	dstDocs, err := dst.Documents(ctx)
	if err != nil {
		return fail(err)
	}
	here := map[string]int64{}
	for _, d := range dstDocs {
		here[d.SHA256] = d.ID
	}
	var plan []model.DocumentImport
	for _, sd := range srcDocs {
		in, err := planDocument(ctx, dst, src, sd, here, opt, rep)
		if err != nil {
			return fail(fmt.Errorf("document %q: %w", sd.Name, err))
		}
		if in != nil {
			plan = append(plan, *in)
		}
	}
	if len(plan) == 0 && !schemaGrows {
		if err := carryStatuses(ctx, dst, src, srcDocs, opt, rep); err != nil {
			return fail(err)
		}
		return rep, nil
	}
	grow := func(current *model.Schema) (*model.Schema, error) {
		if mergeSchema(current, srcSchema, rep) {
			return current, nil
		}
		return nil, nil
	}
	results, err := dst.Import(ctx, plan, grow, opt.By)
	if err != nil {
		return fail(err)
	}
	skipped := 0
	for _, r := range results {
		rep.Annotations += r.Annotations
		skipped += r.Skipped
	}
	if skipped > 0 {
		rep.Conflicts = append(rep.Conflicts, fmt.Sprintf("%d annotation(s) kept as they are: their ids belong to other documents in %s", skipped, dst.Path()))
	}
	if err := carryStatuses(ctx, dst, src, srcDocs, opt, rep); err != nil {
		// The layers are in (their transaction committed); a second run
		// carries the statuses and copies nothing twice.
		return fail(fmt.Errorf("the layers were copied, the documents' statuses not: %w", err))
	}
	return rep, nil
}

// carryStatuses copies the copied layers' document statuses (to do, in
// progress, done) from src to dst with the rule of edits: where dst has
// none of that person and document, or an older one (model.StatusStamper;
// a store without times carries none). An annotator who marked documents
// done in a pulled file on the train sees them done on the server after
// her push, and the lead's progress matrix with them.
func carryStatuses(ctx context.Context, dst, src model.Store, srcDocs []model.DocumentSummary, opt TransferOptions, rep *model.MergeReport) error {
	from, ok := model.StoreAs[model.StatusStamper](src)
	if !ok {
		return nil
	}
	to, ok := model.StoreAs[model.StatusStamper](dst)
	if !ok {
		return nil
	}
	stamps, err := from.StatusStamps(ctx)
	if err != nil || len(stamps) == 0 {
		return err
	}
	dstDocs, err := dst.Documents(ctx) // with the ones just copied
	if err != nil {
		return err
	}
	sha := make(map[int64]string, len(srcDocs))
	for _, d := range srcDocs {
		sha[d.ID] = d.SHA256
	}
	here := make(map[string]int64, len(dstDocs))
	for _, d := range dstDocs {
		here[d.SHA256] = d.ID
	}
	var carry []model.StatusStamp
	for _, st := range stamps {
		if (opt.Annotator != "" && st.Annotator != opt.Annotator) || (opt.Keep != "" && st.Annotator == opt.Keep) {
			continue
		}
		id, ok := here[sha[st.DocID]]
		if !ok {
			continue
		}
		st.DocID = id
		carry = append(carry, st)
	}
	if len(carry) == 0 {
		return nil
	}
	n, err := to.MergeStatuses(ctx, carry)
	rep.Statuses += n
	return err
}

// planDocument is what Transfer writes for one of src's documents: nil
// when dst has it with everything of the copied layers already.
func planDocument(ctx context.Context, dst, src model.Store, sd model.DocumentSummary, here map[string]int64, opt TransferOptions, rep *model.MergeReport) (*model.DocumentImport, error) {
	copied := func(who string) bool { return opt.Annotator == "" || who == opt.Annotator }
	layer := func(who string) bool { return copied(who) && (opt.Keep == "" || who != opt.Keep) }
	doc, err := src.Document(ctx, sd.ID)
	if err != nil {
		return nil, err
	}
	anns, err := src.Annotations(ctx, sd.ID, opt.Annotator)
	if err != nil {
		return nil, err
	}
	rels, err := src.Relations(ctx, sd.ID)
	if err != nil {
		return nil, err
	}
	labels, err := src.DocLabels(ctx, sd.ID)
	if err != nil {
		return nil, err
	}
	if opt.Keep != "" {
		// dst's own layer of the person merging: theirs is not copied,
		// whatever it holds (Merge's rule).
		anns = keepOut(anns, opt.Keep, func(a model.Annotation) string { return a.Annotator }, rep)
		rels = keepOut(rels, opt.Keep, func(r model.Relation) string { return r.Annotator }, rep)
		labels = keepOut(labels, opt.Keep, func(l model.DocLabel) string { return l.Annotator }, rep)
	}
	var verdicts []model.Verdict
	if layer(model.GoldAnnotator) {
		if verdicts, err = src.Verdicts(ctx, sd.ID); err != nil {
			return nil, err
		}
	}
	in := &model.DocumentImport{Doc: model.NewDocument{Name: doc.Name, Text: doc.Text, Source: doc.Source, Meta: doc.Meta}}
	dstID, ok := here[doc.SHA256]
	if !ok {
		rep.Documents++
		in.Annotations = anns
		for _, r := range rels {
			if layer(r.Annotator) {
				in.Relations = append(in.Relations, r)
			}
		}
		for _, l := range labels {
			if layer(l.Annotator) {
				in.DocLabels = append(in.DocLabels, l)
			}
		}
		in.Verdicts = verdicts
		rep.Relations += len(in.Relations)
		rep.DocLabels += len(in.DocLabels)
		return in, nil
	}
	mine, err := dst.Annotations(ctx, dstID, "")
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*model.Annotation, len(mine))
	for i := range mine {
		byID[mine[i].ID] = &mine[i]
	}
	for i := range anns {
		a := &anns[i]
		m := byID[a.ID]
		switch act := decideAnnotation(m, a, dstID); act {
		case mergeAdd:
			in.Annotations = append(in.Annotations, *a)
		case mergeTakeTheirs:
			in.Updates = append(in.Updates, model.AnnotationUpdate{Annotation: *a, Was: m.UpdatedAt})
			rep.Updated++
			rep.Conflicts = append(rep.Conflicts, act.conflict(m, a, src.Path()))
		case mergeSame:
		default:
			rep.Conflicts = append(rep.Conflicts, act.conflict(m, a, src.Path()))
		}
	}
	if err := planLayers(ctx, dst, dstID, in, rels, labels, verdicts, layer, rep); err != nil {
		return nil, err
	}
	if len(in.Annotations)+len(in.Updates)+len(in.Relations)+len(in.DocLabels)+len(in.Verdicts) == 0 {
		return nil, nil
	}
	return in, nil
}

// keepOut is items without those of layer keep, each left out counted in
// rep.SkippedOwnLayer.
func keepOut[T any](items []T, keep string, who func(T) string, rep *model.MergeReport) []T {
	out := items[:0:0]
	for _, it := range items {
		if who(it) == keep {
			rep.SkippedOwnLayer++
			continue
		}
		out = append(out, it)
	}
	return out
}

// planLayers adds to in the relations, document labels and verdicts of
// src's document that dst's (dstID) lacks.
func planLayers(ctx context.Context, dst model.Store, dstID int64, in *model.DocumentImport, rels []model.Relation, labels []model.DocLabel, verdicts []model.Verdict, layer func(string) bool, rep *model.MergeReport) error {
	mineRels, err := dst.Relations(ctx, dstID)
	if err != nil {
		return err
	}
	relIDs := map[string]bool{}
	for _, r := range mineRels {
		relIDs[r.ID] = true
	}
	for _, r := range rels {
		if layer(r.Annotator) && !relIDs[r.ID] {
			in.Relations = append(in.Relations, r)
			rep.Relations++
		}
	}
	mineLabels, err := dst.DocLabels(ctx, dstID)
	if err != nil {
		return err
	}
	type labelKey struct{ who, set, value string }
	have := map[labelKey]bool{}
	for _, l := range mineLabels {
		have[labelKey{l.Annotator, l.Set, l.Value}] = true
	}
	for _, l := range labels {
		if layer(l.Annotator) && !have[labelKey{l.Annotator, l.Set, l.Value}] {
			in.DocLabels = append(in.DocLabels, l)
			rep.DocLabels++
		}
	}
	if len(verdicts) == 0 {
		return nil
	}
	mineVerdicts, err := dst.Verdicts(ctx, dstID)
	if err != nil {
		return err
	}
	vIDs := map[string]bool{}
	for _, v := range mineVerdicts {
		vIDs[v.ID] = true
	}
	for _, v := range verdicts {
		if !vIDs[v.ID] {
			in.Verdicts = append(in.Verdicts, v)
		}
	}
	return nil
}
