package compose

import (
	"errors"
	"fmt"
	"strings"
	"text/template"

	"github.com/delegatezero/dz"
)

// maxOutput caps what one template may render, so no body can run away.
const maxOutput = 16 << 10

var errTooLong = fmt.Errorf("renders more than %d bytes", maxOutput)

// funcs are the functions template bodies may call besides text/template's
// built-ins.
var funcs = template.FuncMap{
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"trim":  strings.TrimSpace,
}

// renderPart renders one part of the reply: the best workspace template if
// it renders and passes the guard, else the best built-in default. It
// returns the text, the template id used and any warnings. The text always
// passes the guard; as the guard works line by line, so does the reply.
func renderPart(part string, in Input, tone dz.ToneUse, d Data, a allowed) (string, string, []string) {
	s := situation{part: part, intent: in.Intent, outcome: in.Outcome, types: a.types, register: tone.Register, handling: tone.Handling}
	var warns []string
	if t := pick(in.Templates, s); t != nil {
		text, err := render(t.Body, d)
		if err == nil {
			err = guard(text, a)
		}
		if err == nil {
			return text, t.ID, nil
		}
		warns = append(warns, fmt.Sprintf("template %s dropped for the built-in %s: it %v", t.ID, part, err))
	}
	t := pick(builtins, s)
	text, err := render(t.Body, d)
	if err != nil {
		return "", "", append(warns, fmt.Sprintf("built-in %s: %v", t.ID, err))
	}
	if guard(text, a) != nil { // the guard's last line; built-ins are tested never to get here
		text = scrubText(text, a)
		warns = append(warns, fmt.Sprintf("reply guard removed sentences of built-in %s", t.ID))
	}
	return text, t.ID, warns
}

// render checks a body and executes it over d, trimmed.
func render(body string, d Data) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("failed to render: %v", r)
		}
	}()
	t, err := parseBody(body)
	if err != nil {
		return "", err
	}
	w := &limitWriter{max: maxOutput}
	if err := t.Execute(w, d); err != nil {
		if errors.Is(err, errTooLong) {
			return "", errTooLong
		}
		return "", fmt.Errorf("failed to render: %w", err)
	}
	return strings.TrimSpace(w.b.String()), nil
}

// limitWriter fails once more than max bytes are written.
type limitWriter struct {
	b   strings.Builder
	max int
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		return 0, errTooLong
	}
	return w.b.Write(p)
}
