package prefstore

// The typed getters and setters of fyne.Preferences. A value of another
// type than asked for reads as the fallback; numbers read back from the
// file are float64 and convert to int (and lists likewise).

func (s *Store) Bool(key string) bool { return s.BoolWithFallback(key, false) }

func (s *Store) BoolWithFallback(key string, fallback bool) bool {
	if v, ok := s.get(key); ok {
		if b, ok := v.(bool); ok {
			return b
		}
	}
	return fallback
}

func (s *Store) SetBool(key string, value bool) { s.set(key, value) }

func (s *Store) BoolList(key string) []bool { return s.BoolListWithFallback(key, []bool{}) }

func (s *Store) BoolListWithFallback(key string, fallback []bool) []bool {
	if v, ok := s.get(key); ok {
		if b, ok := v.([]bool); ok {
			return append([]bool{}, b...)
		}
	}
	return fallback
}

func (s *Store) SetBoolList(key string, value []bool) { s.set(key, append([]bool{}, value...)) }

func (s *Store) Float(key string) float64 { return s.FloatWithFallback(key, 0) }

func (s *Store) FloatWithFallback(key string, fallback float64) float64 {
	if v, ok := s.get(key); ok {
		switch n := v.(type) {
		case float64:
			return n
		case int:
			return float64(n)
		}
	}
	return fallback
}

func (s *Store) SetFloat(key string, value float64) { s.set(key, value) }

func (s *Store) FloatList(key string) []float64 { return s.FloatListWithFallback(key, []float64{}) }

func (s *Store) FloatListWithFallback(key string, fallback []float64) []float64 {
	if v, ok := s.get(key); ok {
		switch l := v.(type) {
		case []float64:
			return append([]float64{}, l...)
		case []int:
			out := make([]float64, len(l))
			for i, n := range l {
				out[i] = float64(n)
			}
			return out
		}
	}
	return fallback
}

func (s *Store) SetFloatList(key string, value []float64) {
	s.set(key, append([]float64{}, value...))
}

func (s *Store) Int(key string) int { return s.IntWithFallback(key, 0) }

func (s *Store) IntWithFallback(key string, fallback int) int {
	if v, ok := s.get(key); ok {
		switch n := v.(type) {
		case int:
			return n
		case float64:
			return int(n)
		}
	}
	return fallback
}

func (s *Store) SetInt(key string, value int) { s.set(key, value) }

func (s *Store) IntList(key string) []int { return s.IntListWithFallback(key, []int{}) }

func (s *Store) IntListWithFallback(key string, fallback []int) []int {
	if v, ok := s.get(key); ok {
		switch l := v.(type) {
		case []int:
			return append([]int{}, l...)
		case []float64:
			out := make([]int, len(l))
			for i, n := range l {
				out[i] = int(n)
			}
			return out
		}
	}
	return fallback
}

func (s *Store) SetIntList(key string, value []int) { s.set(key, append([]int{}, value...)) }

func (s *Store) String(key string) string { return s.StringWithFallback(key, "") }

func (s *Store) StringWithFallback(key, fallback string) string {
	if v, ok := s.get(key); ok {
		if str, ok := v.(string); ok {
			return str
		}
	}
	return fallback
}

func (s *Store) SetString(key string, value string) { s.set(key, value) }

func (s *Store) StringList(key string) []string { return s.StringListWithFallback(key, []string{}) }

func (s *Store) StringListWithFallback(key string, fallback []string) []string {
	if v, ok := s.get(key); ok {
		if l, ok := v.([]string); ok {
			return append([]string{}, l...)
		}
	}
	return fallback
}

func (s *Store) SetStringList(key string, value []string) {
	s.set(key, append([]string{}, value...))
}
