package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// layerCounter is a store that counts one layer's annotations per
// document (storage.DB and postgres.DB).
type layerCounter interface {
	LayerCounts(ctx context.Context, annotator string) (map[int64]int, error)
}

// countLayer makes each document's count that of layer, the layer the
// window edits: the list used to count every layer (15) while the status
// bar counted the user's own (7). A store that cannot count per layer
// keeps its totals.
func countLayer(ctx context.Context, s model.Store, docs []model.DocumentSummary, layer string) error {
	lc, ok := storeAs[layerCounter](s)
	if !ok {
		return nil
	}
	n, err := lc.LayerCounts(ctx, layer)
	if err != nil {
		return err
	}
	for i := range docs {
		docs[i].Annotations = n[docs[i].ID]
	}
	return nil
}

// docListHeader says what the document list's numbers count: "spans"
// above the counts' column (the status bar says whose: "N of your
// spans"), "Documents" beside it, cut first when the list is narrow (a
// narrow list does not widen the window). As one "Documents · your spans"
// it was cut to "Documents · your …" at 1024 px, the part that said what
// the numbers are.
func docListHeader() fyne.CanvasObject {
	docs := widget.NewLabelWithStyle("Documents", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	docs.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, nil, widget.NewLabel("spans"), docs)
}

// layerCountText is the status bar's count of the open document's spans,
// naming the layer counted: the one n was read from (annsLayer), not the
// one the mode edits next (switching to Annotate said "0 of your spans"
// with the gold layer's count until the reload answered, while the list
// said 4). Comparing or curating, it is the review panel's counts, the
// same numbers as the panel's summary (review_counts.go).
func (w *Window) layerCountText(n int) string {
	if s, ok := w.review.statusCounts(); ok {
		return s
	}
	if w.annsLayer == model.GoldAnnotator {
		return model.Plural(n, "gold span", "gold spans")
	}
	return model.Plural(n, "of your spans", "of your spans")
}

// storeAs is model.StoreAs: s, or the store it wraps, as a T.
func storeAs[T any](s model.Store) (T, bool) { return model.StoreAs[T](s) }
