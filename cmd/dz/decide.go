package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"strings"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/client"
)

// decideCmd is `dz decide`: one request against a workspace folder.
type decideCmd struct {
	stdout, stderr io.Writer
}

// factFlags collects repeated --fact key=value flags.
type factFlags map[string]any

func (f factFlags) String() string { return "" }

// Set parses key=value; a value that reads as JSON (42, true, "x", [1,2])
// keeps its type, anything else is a string.
func (f factFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || !dz.IsFactName(k) {
		return dz.Errorf(dz.EINVALID, "--fact %q: write key=value with a lower_snake_case key, e.g. --fact amount=290", s)
	}
	var parsed any
	if err := json.Unmarshal([]byte(v), &parsed); err == nil {
		f[k] = parsed
	} else {
		f[k] = v
	}
	return nil
}

// schemaFlags collects repeated --schema name=description flags.
type schemaFlags map[string]string

func (f schemaFlags) String() string { return "" }

// Set parses name=description.
func (f schemaFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return dz.Errorf(dz.EINVALID, "--schema %q: write name=description, e.g. --schema refund_amount=\"the amount refunded\"", s)
	}
	f[strings.TrimSpace(k)] = v
	return nil
}

// Run decides one request and prints it, readable or as JSON.
func (c *decideCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("dz decide", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	dir := fs.String("workspace", ".", "workspace `folder`")
	entity := fs.String("entity", "", "entity id, e-mail, domain or name the request is about")
	data := fs.String("data", "", "extra text: a ticket thread or e-mail (context.data)")
	source := fs.String("source", "", "where the request came from (context.source)")
	typ := fs.String("type", "", "the caller's label for the request, e.g. refund (context.type)")
	facts := factFlags{}
	fs.Var(facts, "fact", "a known fact as key=value (repeatable); wins over extracted facts")
	nowFlag := fs.String("now", "", "decide as of this RFC 3339 time (default: dz.yaml clock, else now)")
	asJSON := fs.Bool("json", false, "print the decision object as JSON")
	tone := fs.String("tone", "", "reply tone: neutral, friendly, formal or direct")
	format := fs.String("format", "", "reply format: text, markdown, html or json")
	maxLen := fs.Int("max-length", 0, "cap the reply at this many characters")
	attribution := fs.String("attribution", "", "sign as the founder (user) or the assistant (assistant)")
	threshold := fs.Float64("threshold", 0, "confidence needed to execute, 0–1 (default: the risk level's)")
	force := fs.String("force", "", "lower autonomy: draft or escalate")
	dryRun := fs.Bool("dry-run", false, "decide without recording or acting")
	profile := fs.String("profile", "", "profile to decide under")
	server := fs.String("server", os.Getenv("DZ_SERVER"), "decide through the dz server at this `URL` instead of a local workspace (default $DZ_SERVER)")
	key := fs.String("key", os.Getenv("DZ_KEY"), "API key for --server (default $DZ_KEY)")
	schema := schemaFlags{}
	fs.Var(schema, "schema", "ask for a response_schema field as name=description (repeatable)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return dz.Errorf(dz.EINVALID, "give the request as one quoted argument, e.g. dz decide --workspace examples/acme-saas \"Please refund my last invoice\"")
	}
	req := &dz.Request{
		Request: pos[0],
		Context: dz.RequestContext{Entity: *entity, Data: *data, Source: *source, Type: *typ, Facts: facts},
		Instructions: dz.Instructions{Tone: *tone, Format: *format, MaxLength: *maxLen, Attribution: *attribution,
			Force: dz.Outcome(*force), DryRun: *dryRun},
		Profile: *profile,
	}
	if len(facts) == 0 {
		req.Context.Facts = nil
	}
	if len(schema) > 0 {
		req.Instructions.ResponseSchema = schema
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "threshold" { // set, even to a bad value: Validate says what is wrong
			req.Instructions.ConfidenceThreshold = threshold
		}
	})
	var dec *dz.Decision
	if *server != "" {
		if *nowFlag != "" {
			return dz.Errorf(dz.EINVALID, "--now cannot be used with --server: the server decides on its own clock")
		}
		dec, err = client.New(*server, *key).Decide(ctx, req)
	} else {
		dec, err = decideLocally(ctx, *dir, *nowFlag, req)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(dec)
	}
	printDecision(c.stdout, dec)
	return nil
}

// decideLocally decides against a workspace folder with the engine in-process.
func decideLocally(ctx context.Context, dir, nowFlag string, req *dz.Request) (*dz.Decision, error) {
	eng, err := openEngine(dir)
	if err != nil {
		return nil, err
	}
	now, err := clock(nowFlag, eng.Workspace())
	if err != nil {
		return nil, err
	}
	return eng.Decide(ctx, req, now)
}

// clock picks the decision time: --now, else the workspace clock, else now.
func clock(flagValue string, ws *dz.Workspace) (time.Time, error) {
	if flagValue != "" {
		t, err := time.Parse(time.RFC3339, flagValue)
		if err != nil {
			if d, derr := time.Parse(time.DateOnly, flagValue); derr == nil {
				return d, nil
			}
			return time.Time{}, dz.Errorf(dz.EINVALID, "--now %q is not an RFC 3339 time like 2026-11-26T15:00:00Z", flagValue)
		}
		return t, nil
	}
	if !ws.Settings.Clock.IsZero() {
		return ws.Settings.Clock, nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}
