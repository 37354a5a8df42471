package storecore

import (
	"encoding/json"
	"fmt"

	"github.com/margin-app/margin/model"
)

// DecodeJSONColumns fills in a read annotation's fragments and
// attributes from the columns both stores keep as JSON: frags is the
// fragments list, nil for the usual single fragment start..end, which
// one makes (nil: a slice of its own); attrs is the attributes object,
// "" or "{}" for none.
func DecodeJSONColumns(a *model.Annotation, start, end int, frags *string, attrs string, one func(start, end int) []model.Fragment) error {
	switch {
	case frags == nil && one != nil:
		a.Fragments = one(start, end)
	case frags == nil:
		a.Fragments = []model.Fragment{{Start: start, End: end}}
	default:
		if err := json.Unmarshal([]byte(*frags), &a.Fragments); err != nil {
			return fmt.Errorf("annotation %s: fragments: %w", a.ID, err)
		}
	}
	if attrs == "{}" || attrs == "" {
		a.Attributes = map[string]any{}
	} else if err := json.Unmarshal([]byte(attrs), &a.Attributes); err != nil {
		return fmt.Errorf("annotation %s: attributes: %w", a.ID, err)
	}
	if a.Attributes == nil {
		a.Attributes = map[string]any{}
	}
	return nil
}
