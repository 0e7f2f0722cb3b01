package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// maxBundleBytes bounds what verify reads: a bundle is a few kilobytes.
const maxBundleBytes = 32 << 20

// auditVerifyCmd is `dz audit verify URL|FILE`.
type auditVerifyCmd struct {
	stdout, stderr io.Writer
	stdin          io.Reader    // nil: os.Stdin
	client         *http.Client // nil: a client with a 30 s timeout
}

// Run fetches or reads a proof bundle and checks it offline.
func (c *auditVerifyCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("dz audit verify", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	key := fs.String("key", "", "the server's verifier `key` (from /api/v1/audit/public-key) to check the checkpoint with; default: the key the bundle carries")
	apiKey := fs.String("api-key", os.Getenv("DZ_API_KEY"), "API `key` for /api/v1/decisions/ID/proof URLs; default $DZ_API_KEY")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return dz.Errorf(dz.EINVALID, "usage: dz audit verify URL|FILE [--key VERIFIERKEY] (dz audit -h)")
	}
	src := pos[0]
	isURL := strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://")
	var raw []byte
	if isURL {
		raw, err = c.fetch(ctx, src, *apiKey)
	} else {
		raw, err = readBundleFile(src, c.stdin)
	}
	if err != nil {
		return err
	}
	var b audit.Bundle
	if err := json.Unmarshal(raw, &b); err != nil {
		return dz.Errorf(dz.EINVALID, "%s is not an audit bundle (JSON): %v", src, err)
	}
	if *key == "" {
		from := "the key the server sent"
		if !isURL {
			from = "the key the bundle carries"
		}
		fmt.Fprintf(c.stderr, "note: checked against %s; pass --key to pin it\n", from)
	}
	v, err := audit.Verify(&b, *key)
	if err != nil {
		fmt.Fprintf(c.stdout, "FAILED: decision %s (leaf %d): %v\n", b.Record.DecisionID, b.Record.Index, err)
		return exitError{1}
	}
	c.report(&b, v, *key != "")
	return nil
}

// report prints what a successful verification established.
func (c *auditVerifyCmd) report(b *audit.Bundle, v *audit.Verification, pinned bool) {
	var withheld []string
	for _, f := range b.Record.Fields {
		if f.Redacted() {
			withheld = append(withheld, f.Name)
		}
	}
	w := c.stdout
	fmt.Fprintf(w, "ok: decision %s is leaf %d of the signed log of %d records\n", b.Record.DecisionID, b.Record.Index, b.TreeSize)
	fmt.Fprintf(w, "  checkpoint  %s, %d records, root %s\n", v.Checkpoint.Origin, v.Checkpoint.Size, base64.StdEncoding.EncodeToString(v.Checkpoint.Root))
	fmt.Fprintf(w, "  leaf hash   %s\n", hex.EncodeToString(v.LeafHash))
	fmt.Fprintf(w, "  fields      %d shown, %d withheld", v.Shown, v.Redacted)
	if len(withheld) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(withheld, ", "))
	}
	fmt.Fprintln(w)
	how := "sent with the bundle, not pinned"
	if pinned {
		how = "pinned with --key"
	}
	fmt.Fprintf(w, "  key         %s (%s)\n", b.PublicKey, how)
}

// fetch GETs a bundle as JSON: a public audit page or the proof endpoint.
func (c *auditVerifyCmd) fetch(ctx context.Context, url, apiKey string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, dz.Errorf(dz.EINVALID, "bad URL %q: %v", url, err)
	}
	req.Header.Set("Accept", "application/json")
	if apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+apiKey)
	}
	client := c.client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, dz.Errorf(dz.EINVALID, "GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBundleBytes))
	if err != nil {
		return nil, dz.Errorf(dz.EINVALID, "GET %s: %v", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		var p struct{ Detail string }
		_ = json.Unmarshal(raw, &p)
		if p.Detail == "" {
			p.Detail = strings.TrimSpace(string(raw[:min(len(raw), 200)]))
		}
		return nil, dz.Errorf(dz.EINVALID, "GET %s: %s: %s", url, resp.Status, p.Detail)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "json") {
		return nil, dz.Errorf(dz.EINVALID, "GET %s answered %s, not the JSON audit bundle", url, ct)
	}
	return raw, nil
}

// readBundleFile reads a saved bundle; "-" is stdin (os.Stdin when nil).
func readBundleFile(path string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if r == nil {
		r = os.Stdin
	}
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, dz.Errorf(dz.EINVALID, "%v", err)
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxBundleBytes))
	if err != nil {
		return nil, dz.Errorf(dz.EINVALID, "read %s: %v", path, err)
	}
	return raw, nil
}
