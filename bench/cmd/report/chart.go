package main

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
)

// A bar is one implementation's cost as a multiple of its panel's baseline.
type bar struct {
	label string
	x     float64
	kind  string // "ours", "floor" or "peer": picks the colour
}

type panel struct {
	title string
	goal  float64 // a dashed line at the goal for ours; 0 for none
	bars  []bar
}

func kindOf(impl string) string {
	switch {
	case strings.HasPrefix(impl, "ours"):
		return "ours"
	case strings.HasPrefix(impl, "floor"), impl == "openssl":
		return "floor"
	}
	return "peer"
}

// chartPanels builds the panels from the results: each ticket
// implementation against the HMAC floor, and DH against OpenSSL.
func (r *report) chartPanels() []panel {
	var panels []panel
	for _, op := range []struct {
		title, prefix string
		goal          float64
	}{
		{"Validate, 38 B payload: CPU time as a multiple of the HMAC-SHA256 floor", validate + "38B/", 1.15},
		{"Create, 38 B payload: CPU time as a multiple of the HMAC-SHA256 floor", create + "38B/", 1.2},
	} {
		floor, ok := r.res.costSeries(op.prefix + "floor")
		if !ok {
			continue
		}
		pl := panel{title: op.title, goal: op.goal}
		for _, impl := range r.implsIn(op.prefix) {
			ns, _ := r.res.costSeries(op.prefix + impl)
			pl.bars = append(pl.bars, bar{label: impl, x: paired(ns, floor).mid, kind: kindOf(impl)})
		}
		panels = append(panels, pl)
	}
	dh := panel{title: "DH agreement: CPU time as a multiple of OpenSSL's derive, same group"}
	for _, g := range dhGroups {
		if _, ok := r.ssl.nsPerOp(g.bits); !ok {
			continue
		}
		ssl := r.ssl.series(g.bits)
		dh.bars = append(dh.bars, bar{label: g.name + " openssl", x: 1, kind: "floor"})
		for _, impl := range []string{"ours-openssl-work", "ours", "bigmod", "math-big"} {
			if ns, ok := r.res.costSeries("BenchmarkSharedSecret/" + g.name + "/" + impl); ok {
				dh.bars = append(dh.bars, bar{label: g.name + " " + impl, x: paired(ns, ssl).mid, kind: kindOf(impl)})
			}
		}
	}
	if len(dh.bars) > 0 {
		panels = append(panels, dh)
	}
	return panels
}

// writeChart draws the panels as one SVG with a logarithmic x axis.
func writeChart(w io.Writer, panels []panel) {
	const (
		width   = 900
		labelW  = 230
		valueW  = 70
		barH    = 18
		gap     = 4
		top0    = 58
		titleH  = 34
		axisH   = 34
		panelSp = 18
	)
	plotW := float64(width - labelW - valueW - 20)
	maxX := 2.0
	for _, p := range panels {
		for _, b := range p.bars {
			maxX = math.Max(maxX, b.x)
		}
	}
	maxX = math.Pow(10, math.Ceil(math.Log10(maxX)*2)/2) // next half decade
	minX := 0.5
	pos := func(x float64) float64 {
		x = math.Max(x, minX)
		return float64(labelW) + plotW*math.Log(x/minX)/math.Log(maxX/minX)
	}
	height := top0
	for _, p := range panels {
		height += titleH + len(p.bars)*(barH+gap) + axisH + panelSp
	}
	colour := map[string]string{"ours": "#1565c0", "floor": "#757575", "peer": "#ef6c00"}

	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="10" y="22" font-size="15" font-weight="bold">tickets: cost as a multiple of the floor (log scale, lower is better)</text>`+"\n")
	fmt.Fprintf(w, `<rect x="%d" y="32" width="12" height="12" fill="%s"/><text x="%d" y="43">ours</text>`, 10, colour["ours"], 26)
	fmt.Fprintf(w, `<rect x="%d" y="32" width="12" height="12" fill="%s"/><text x="%d" y="43">floor / OpenSSL</text>`, 70, colour["floor"], 86)
	fmt.Fprintf(w, `<rect x="%d" y="32" width="12" height="12" fill="%s"/><text x="%d" y="43">peer, or a bare library baseline (bigmod, math/big)</text>`+"\n", 200, colour["peer"], 216)
	y := top0
	for _, p := range panels {
		fmt.Fprintf(w, `<text x="10" y="%d" font-size="13" font-weight="bold">%s</text>`+"\n", y+20, html.EscapeString(p.title))
		y += titleH
		top, bottom := y, y+len(p.bars)*(barH+gap)
		// gridlines first, so the bars sit on top of them
		for _, t := range []float64{0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
			if t > maxX {
				break
			}
			x := pos(t)
			stroke := "#ddd"
			if t == 1 {
				stroke = "#333"
			}
			fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>`, x, top-2, x, bottom, stroke)
			fmt.Fprintf(w, `<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%g×</text>`+"\n", x, bottom+14, t)
		}
		for _, b := range p.bars {
			x1 := pos(b.x)
			fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelW-6, y+barH-5, html.EscapeString(b.label))
			fmt.Fprintf(w, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, labelW, y, math.Max(x1-float64(labelW), 1), barH, colour[b.kind])
			fmt.Fprintf(w, `<text x="%.1f" y="%d">%s</text>`+"\n", x1+4, y+barH-5, fmtX(b.x))
			y += barH + gap
		}
		if p.goal > 0 {
			x := pos(p.goal)
			fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-dasharray="4,3"/>`, x, top-2, x, bottom, colour["ours"])
			fmt.Fprintf(w, `<text x="%.1f" y="%d" fill="%s" font-size="10" text-anchor="middle">goal for ours: %g×</text>`+"\n", x, bottom+27, colour["ours"], p.goal)
		}
		y += axisH + panelSp
	}
	fmt.Fprintln(w, "</svg>")
}
