package articleview

// DefaultLineSpacing is the line height as a multiple of the text size
// when SetLineSpacing was not called.
const DefaultLineSpacing = lineSpacing

// SetLineSpacing sets the line height as a multiple of the text size (the
// user's preference; 0 or less restores DefaultLineSpacing) and redraws.
func (v *View) SetLineSpacing(f float32) {
	if f <= 0 {
		f = 0
	}
	if f == v.spacing {
		return
	}
	v.spacing = f
	v.Refresh() // lines keep their breaks; only their height changes
}

// lineSpacingNow is the line height factor in force.
func (v *View) lineSpacingNow() float32 {
	if v.spacing > 0 {
		return v.spacing
	}
	return lineSpacing
}
