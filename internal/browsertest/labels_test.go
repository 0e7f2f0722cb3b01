package browsertest_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/delegatezero/dz/internal/browsertest"
)

// A page with a control labelled each accepted way and one left out each
// common way: Unlabelled names exactly the ones left out.
func TestUnlabelledFindsControlsWithoutALabel(t *testing.T) {
	ctx := browsertest.Context(t)
	const page = `<!doctype html><form>
<label for="a">A</label><input id="a" name="a">
<label>B <input name="b"></label>
<input name="c" aria-label="C">
<span id="dl">D</span><select name="d" aria-labelledby="dl"><option>x</option></select>
<input type="hidden" name="e"><button type="submit">Go</button><input type="submit" value="Send">
<input id="bare" name="bare">
<label for="nothing">Nowhere</label><textarea name="orphan"></textarea>
<label for="blank"> </label><input id="blank" name="blank">
<input name="aria-empty" aria-label=" ">
</form>`
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate("data:text/html,"+url.PathEscape(page))); err != nil {
		t.Fatal(err)
	}
	missing, checked, err := browsertest.Unlabelled(tctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range missing {
		_, rest, _ := strings.Cut(m, `name="`)
		name, _, _ := strings.Cut(rest, `"`)
		names = append(names, name)
	}
	if want := []string{"bare", "orphan", "blank", "aria-empty"}; !slices.Equal(names, want) || checked != 4 {
		t.Errorf("unlabelled %v with %d labelled; want %v with 4 (a, b, c, d)", names, checked, want)
	}
}
