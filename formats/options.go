package formats

// Option names one setting a format reads from ImportOptions or
// ExportOptions. A format declares the ones it reads in its Format
// (ImportFields, ExportFields), so the window's Import and Export forms
// show exactly those and cannot drift from what the format does.
type Option string

// The settings a format may read.
const (
	// OptTextField is ImportOptions.TextField (--text-field).
	OptTextField Option = "text-field"
	// OptLabelField is ImportOptions.LabelField (--label-field).
	OptLabelField Option = "label-field"
	// OptScheme is ExportOptions.Scheme (--scheme): the CoNLL tag scheme.
	OptScheme Option = "scheme"
)

// Imports reports whether f's import reads opt.
func (f *Format) Imports(opt Option) bool { return hasOption(f.ImportFields, opt) }

// Exports reports whether f's export reads opt.
func (f *Format) Exports(opt Option) bool { return hasOption(f.ExportFields, opt) }

func hasOption(opts []Option, opt Option) bool {
	for _, o := range opts {
		if o == opt {
			return true
		}
	}
	return false
}
