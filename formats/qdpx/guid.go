package qdpx

import (
	"regexp"
	"strings"

	"github.com/google/uuid"
)

// guidRE is the schema's GUIDType: 8-4-4-4-12 hex digits, optionally in
// braces (ATLAS.ti and NVivo write both forms).
var guidRE = regexp.MustCompile(`^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$`)

// normGUID makes a reference comparable: braces dropped, lower case, so
// "{ABC...}" in one element matches "abc..." in another.
func normGUID(g string) string {
	g = strings.TrimSpace(g)
	g = strings.TrimSuffix(strings.TrimPrefix(g, "{"), "}")
	return strings.ToLower(g)
}

// marginNS is the name space of the GUIDs Margin derives (UUID v5), so the
// same label, user or document gets the same GUID in every export.
var marginNS = uuid.MustParse("6f0f3d56-3c1e-4a53-9a8e-6d2b1c7e5a40")

// derive returns a stable GUID for what parts name.
func derive(parts ...string) string {
	return uuid.NewSHA1(marginNS, []byte(strings.Join(parts, "\x00"))).String()
}

// guidOr returns id as a GUID when it already is one (Margin's annotation
// ids are UUIDs), else a GUID derived from it.
func guidOr(id string, parts ...string) string {
	if guidRE.MatchString(id) {
		return normGUID(id)
	}
	return derive(append(parts, id)...)
}
