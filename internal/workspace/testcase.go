package workspace

import (
	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

var (
	testKeys         = []string{"name", "request", "entity", "type", "source", "data", "facts", "now", "instructions", "profile", "expect"}
	instructionKeys  = []string{"confidence_threshold", "format", "tone", "max_length", "attribution", "response_schema", "dry_run", "force"}
	expectKeys       = []string{"outcome", "intent", "risk_level", "actions", "no_actions", "precedent", "response_contains", "response_excludes", "questions"}
	expectActionKeys = []string{"type", "params", "ranges"}
)

// tests reads tests/*.yaml, each a list of test cases.
func (l *loader) tests() []*dz.TestCase {
	var out []*dz.TestCase
	for _, f := range l.files("tests", ".yaml", ".yml") {
		out = append(out, parseTests(l.c, f.name, f.src)...)
	}
	return out
}

// parseTests reads a list of test cases.
func parseTests(c *collector, file string, src []byte) []*dz.TestCase {
	r, body := parseYAML(c, file, src)
	if body == nil {
		return nil
	}
	if _, ok := r.resolve(body).(*ast.SequenceNode); !ok {
		c.add(r.pos(r.resolve(body)), "start each test with `- name: …`", "a tests file should be a list of test cases, not %s", kind(r.resolve(body)))
		return nil
	}
	var out []*dz.TestCase
	for _, n := range r.items(body, "tests") {
		if tc := r.testCase(n); tc != nil {
			out = append(out, tc)
		}
	}
	return out
}

// testCase reads one test case.
func (r *reader) testCase(n ast.Node) *dz.TestCase {
	tc := &dz.TestCase{Pos: r.pos(r.resolve(n))}
	at := map[string]ast.Node{}
	ok := r.fields(n, "a test case", testKeys, func(key string, v ast.Node) {
		at[key] = v
		switch key {
		case "name":
			tc.Name = r.str(v, key)
		case "request":
			tc.Request = r.str(v, key)
		case "entity":
			tc.Entity = r.str(v, key)
		case "type":
			tc.Type = r.str(v, key)
		case "source":
			tc.Source = r.str(v, key)
		case "data":
			tc.Data = r.str(v, key)
		case "facts":
			tc.Facts = r.facts(v, key)
		case "now":
			tc.Now = r.date(v, key)
		case "instructions":
			tc.Instructions = r.instructions(v)
		case "profile":
			tc.Profile = r.str(v, key)
		case "expect":
			tc.Expect = r.expectation(v, at)
		}
	})
	if !ok {
		return nil
	}
	r.require(n, "the test case", "name", "request", "expect")
	from := "test " + tc.Name
	r.refer("entity_any", tc.Entity, at["entity"], from)
	r.refer("profile", tc.Profile, at["profile"], from)
	r.refer("precedent", tc.Expect.Precedent, at["expect.precedent"], from)
	r.refer("risk", tc.Expect.RiskLevel, at["expect.risk_level"], from)
	r.referIntent(at["expect.intent"], from)
	r.referParams(at["expect.actions"], from)
	return tc
}

// instructions reads per-test instructions and checks them as a request would be.
func (r *reader) instructions(n ast.Node) dz.Instructions {
	var in dz.Instructions
	r.fields(n, "instructions", instructionKeys, func(key string, v ast.Node) {
		switch key {
		case "confidence_threshold":
			t := r.ranged(v, key, 0, 1)
			in.ConfidenceThreshold = &t
		case "format":
			in.Format = r.str(v, key)
			r.checkEnum(v, key, in.Format, dz.Formats)
		case "tone":
			in.Tone = r.str(v, key)
			r.checkEnum(v, key, in.Tone, dz.Tones)
		case "max_length":
			in.MaxLength = r.whole(v, key, 1, 1<<20)
		case "attribution":
			in.Attribution = r.str(v, key)
			r.checkEnum(v, key, in.Attribution, dz.Attributions)
		case "response_schema":
			in.ResponseSchema = r.textMap(v, key)
		case "dry_run":
			in.DryRun = r.boolean(v, key)
		case "force":
			in.Force = dz.Outcome(r.str(v, key))
			r.checkEnum(v, key, string(in.Force), []string{string(dz.OutcomeDraft), string(dz.OutcomeEscalate)})
		}
	})
	return in
}

// textMap reads a mapping of names to text.
func (r *reader) textMap(n ast.Node, key string) map[string]string {
	out := map[string]string{}
	mvs, ok := entries(r.resolve(n))
	if !ok {
		r.c.add(r.pos(r.resolve(n)), "write `field: description` lines", "%s should be a mapping, not %s", key, kind(r.resolve(n)))
	}
	for _, mv := range mvs {
		if mv != nil && mv.Key != nil {
			out[r.keyText(mv.Key)] = r.str(mv.Value, key+"."+r.keyText(mv.Key))
		}
	}
	return out
}
