package model

import (
	"fmt"
	"sort"
	"strings"
)

// LabelsInUseError is ChangeSchema's refusal of a schema that drops labels
// annotations still use (without force). Callers tell the user what to
// do in their own terms: the command line names --rename and --force,
// the window asks whether to delete those annotations.
type LabelsInUseError struct {
	InUse map[string]int // label -> annotations using it
}

func (e *LabelsInUseError) Error() string {
	return "the new schema drops label(s) still in use: " + DescribeCounts(e.InUse)
}

// Labels are the dropped labels in use, sorted.
func (e *LabelsInUseError) Labels() []string {
	keys := make([]string, 0, len(e.InUse))
	for k := range e.InUse {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// DescribeCounts lists label counts as "A (3 annotations), B (1 annotations)".
func DescribeCounts(m map[string]int) string {
	keys := (&LabelsInUseError{InUse: m}).Labels()
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s (%d annotations)", k, m[k])
	}
	return strings.Join(parts, ", ")
}
