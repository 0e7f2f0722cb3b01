package dz

// Gap is a context-gap question: after a low-confidence decision, what the
// founder could add to the context so the next similar request is handled
// with confidence. Answering it writes an entry of Type.
type Gap struct {
	ID       string      `json:"id"` // stable within the decision, e.g. "gap-1"
	Question string      `json:"question"`
	Type     ContextType `json:"context_type"`
	Hint     string      `json:"hint,omitempty"` // what a good answer looks like
}
