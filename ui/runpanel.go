package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/internal/term"
	"benchtop/report"
)

// chartSpec is one chart tab of a run panel: its title, the file name an
// export suggests, and how to draw it from the runs shown (one, or a
// baseline and a candidate).
type chartSpec struct {
	title, file string
	build       func(runs []results.Labeled) chart.Chart
}

// runPanel is what the experiment tabs share: a summary table, chart tabs,
// export of charts (PNG/SVG/PDF) and data (CSV/JSON), the saved runs of the
// tab's kind, and comparison with one of them.
type runPanel struct {
	w       *window
	kind    string
	store   *results.Store
	specs   []chartSpec
	views   []*chartView
	tabs    *container.AppTabs
	cols    results.Columns // the probe's table, as the CLI and the report show it
	widths  []float32
	table   *widget.Table
	current *results.Run
	base    *results.Run // baseline overlaid, or nil
	saved   *widget.Select
	savedID []string
	size    *widget.Select // chart export size
	status  *widget.Label
	bar     *overflowBar
	root    fyne.CanvasObject
}

// newRunPanel makes the panel; intro is its empty state: one line saying
// what the tab does and what to press. cols is the probe's results table.
func newRunPanel(w *window, kind, intro string, store *results.Store, cols results.Columns, specs []chartSpec) *runPanel {
	p := &runPanel{w: w, kind: kind, store: store, specs: specs, cols: cols}
	items := make([]*container.TabItem, len(specs))
	for i, s := range specs {
		v := newChartView(w.App)
		p.views = append(p.views, v)
		items[i] = newTabItem(s.title, v)
	}
	p.tabs = container.NewAppTabs(items...)

	p.table = widget.NewTable(
		func() (int, int) { return p.rows() + 1, p.cols.Len() },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis // a name longer than maxColumnWidth
			// per cell: Fyne 2.7's table does not pass a theme override on to the cells it makes
			return container.NewThemeOverride(l, denseTheme{})
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*container.ThemeOverride).Content.(*widget.Label)
			l.TextStyle.Bold = id.Row == 0
			l.Alignment = fyne.TextAlignTrailing // numbers line up, as in the CLI's table
			if id.Col == 0 {
				l.Alignment = fyne.TextAlignLeading
			}
			l.SetText(p.cell(id.Row, id.Col))
		})
	p.widths = make([]float32, p.cols.Len())
	p.fitColumns()

	p.status = widget.NewLabel(intro)
	p.status.Wrapping = fyne.TextWrapWord
	exportChartBtn := widget.NewButton("Export chart…", p.exportChart)
	var sizes []string
	for _, s := range exportSizes {
		sizes = append(sizes, s.label)
	}
	p.size = widget.NewSelect(sizes, nil)
	p.size.SetSelected("1200×600")
	exportDataBtn := widget.NewButton("Export data…", p.exportData)
	exportReportBtn := widget.NewButton("Export report…", p.exportReport)
	p.saved = widget.NewSelect(nil, nil)
	p.saved.PlaceHolder = "Saved runs"
	openBtn := widget.NewButton("Open", p.openSaved)
	cmpBtn := widget.NewButton("Compare", p.compareSaved)
	delBtn := widget.NewButton("Delete", p.deleteSaved)
	p.refreshSaved()
	p.redraw()

	// The saved runs first, then what acts on them and the exports; what
	// does not fit the pane's width goes into the bar's "more" menu (a row
	// sized by its content would set the window's minimum width, and a
	// scrolled one hides buttons behind its edge).
	bar := newOverflowBar(buttonItem(openBtn), buttonItem(cmpBtn), buttonItem(delBtn), buttonItem(exportChartBtn),
		selectItem("Chart size", p.size), buttonItem(exportDataBtn), buttonItem(exportReportBtn))
	p.bar = bar
	top := container.NewBorder(nil, nil, container.NewStack(minBox(fyne.NewSize(200, 0)), p.saved), nil, bar)
	tableBox := container.NewStack(minBox(fyne.NewSize(min(tableWidth(p.widths), 320), 200)), p.table)
	p.root = container.NewBorder(container.NewVBox(top, p.status, tableBox), nil, nil, nil, p.tabs)
	return p
}

func tableWidth(widths []float32) float32 {
	var w float32
	for _, c := range widths {
		w += c
	}
	return w + 10
}

func (p *runPanel) rows() int {
	if p.current == nil {
		return 0
	}
	return len(p.current.Groups)
}

func (p *runPanel) cell(row, col int) string {
	if row == 0 {
		return p.cols.Heading(col)
	}
	if p.current == nil || row-1 >= len(p.current.Groups) {
		return ""
	}
	return p.cols.Cell(&p.current.Groups[row-1], col)
}

// maxColumnWidth bounds a column (a group named at length in an edited
// run file): the cell ends in an ellipsis.
const maxColumnWidth = 240

// fitColumns widens each column to its header and the run's cells. A
// column never narrows: a live run's table does not jump back and forth.
func (p *runPanel) fitColumns() {
	// a label's padding, each side, and a pixel (a label exactly as wide
	// as its text cuts it short)
	pad := 2*denseTheme{}.Size(theme.SizeNameInnerPadding) + 1
	size := theme.TextSize()
	for c := range p.widths {
		w := fyne.MeasureText(p.cell(0, c), size, fyne.TextStyle{Bold: true}).Width
		for r := 1; r <= p.rows(); r++ {
			w = max(w, fyne.MeasureText(p.cell(r, c), size, fyne.TextStyle{}).Width)
		}
		if w = min(w+pad, maxColumnWidth); w > p.widths[c] {
			p.widths[c] = w
			p.table.SetColumnWidth(c, w)
		}
	}
}

// tableText is the results table as on screen: tab-separated, or a
// Markdown table (the report's writer).
func (p *runPanel) tableText(markdown bool) string {
	rows := make([][]string, p.rows()+1)
	for r := range rows {
		rows[r] = make([]string, p.cols.Len())
		for c := range rows[r] {
			rows[r][c] = p.cell(r, c)
		}
	}
	var b strings.Builder
	if markdown {
		report.MarkdownTable(&b, rows, true)
		return b.String()
	}
	clean := strings.NewReplacer("\t", " ", "\n", " ")
	for _, row := range rows {
		for c := range row {
			row[c] = clean.Replace(row[c])
		}
		row[0] = term.CSVCell(row[0]) // the group's name, for a spreadsheet: never a formula (the rest are our numbers)
		b.WriteString(strings.Join(row, "\t") + "\n")
	}
	return b.String()
}

// show displays a run (live snapshots too); safe from any goroutine.
func (p *runPanel) show(r *results.Run, status string) {
	doUI(func() {
		p.current = r
		p.status.SetText(status)
		p.fitColumns()
		p.table.Refresh()
		p.redraw()
	})
}

// redraw rebuilds every chart from the current run (and baseline). Before
// any run the charts show their empty state (titled "no data yet").
func (p *runPanel) redraw() {
	cur := p.current
	if cur == nil {
		cur = &results.Run{}
	}
	runs := []results.Labeled{{Run: cur}}
	if p.base != nil {
		runs = []results.Labeled{{Label: "baseline", Run: p.base}, {Label: "this run", Run: cur}}
	}
	for i, s := range p.specs {
		p.views[i].SetChart(s.build(runs))
	}
}

// finished saves a completed run and lists it.
func (p *runPanel) finished(r *results.Run) {
	if p.store != nil {
		if err := p.store.Save(r); err != nil {
			doUI(func() { dialog.ShowError(fmt.Errorf("the run could not be saved: %w", err), p.w.Win) })
		}
	}
	doUI(p.refreshSaved)
}

func (p *runPanel) refreshSaved() {
	p.savedID = nil
	var labels []string
	if p.store != nil {
		ms, err := p.store.List(p.kind)
		p.saved.PlaceHolder = "(saved runs)"
		if err != nil {
			p.saved.PlaceHolder = "cannot list saved runs: " + err.Error()
		}
		for _, m := range ms {
			p.savedID = append(p.savedID, m.ID)
			labels = append(labels, m.Started+"  "+strings.Join(m.Groups, ", "))
		}
	}
	p.saved.SetOptions(labels)
}

func (p *runPanel) selectedSaved() (*results.Run, bool) {
	i := p.saved.SelectedIndex()
	if i < 0 || i >= len(p.savedID) {
		dialog.ShowInformation("Saved runs", "Pick a saved run in the list first.", p.w.Win)
		return nil, false
	}
	r, err := p.store.Load(p.savedID[i])
	if err != nil {
		dialog.ShowError(err, p.w.Win)
		return nil, false
	}
	return r, true
}

func (p *runPanel) openSaved() {
	if r, ok := p.selectedSaved(); ok {
		p.base = nil
		p.show(r, "Saved run of "+r.Started.Format("2006-01-02 15:04:05")+describeStopped(r))
	}
}

func (p *runPanel) compareSaved() {
	r, ok := p.selectedSaved()
	if !ok {
		return
	}
	if p.current == nil {
		dialog.ShowInformation("Compare", "Run or open a run first; the saved run is overlaid on it as the baseline.", p.w.Win)
		return
	}
	p.base = r
	p.redraw()
	p.showDiffs(r, p.current)
}

func (p *runPanel) deleteSaved() {
	i := p.saved.SelectedIndex()
	if i < 0 || i >= len(p.savedID) {
		return
	}
	if err := p.store.Delete(p.savedID[i]); err != nil {
		dialog.ShowError(err, p.w.Win)
	}
	p.saved.ClearSelected()
	p.refreshSaved()
}

// showDiffs shows the differences between baseline and candidate in a table.
func (p *runPanel) showDiffs(base, cand *results.Run) {
	diffs, onlyB, onlyC := results.Compare(base, cand)
	rows := results.DiffRows(diffs)
	rows[0][3] = "this run"
	t := widget.NewTable(func() (int, int) { return len(rows), 6 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(rows[id.Row][id.Col]) })
	for i, w := range []float32{140, 90, 100, 100, 90, 70} {
		t.SetColumnWidth(i, w)
	}
	note := ""
	if len(onlyB) > 0 {
		note += "Only in the baseline: " + strings.Join(onlyB, ", ") + ". "
	}
	if len(onlyC) > 0 {
		note += "Only in this run: " + strings.Join(onlyC, ", ") + "."
	}
	content := container.NewBorder(widget.NewLabel("Baseline "+base.Started.Format("2006-01-02 15:04:05")+" vs this run. "+note), nil, nil, nil, t)
	d := dialog.NewCustom("Comparison", "Close", content, p.w.Win)
	d.Resize(fyne.NewSize(640, 480))
	d.Show()
}

func describeStopped(r *results.Run) string {
	if r.Stopped {
		return " (stopped early: partial)"
	}
	return ""
}

func (p *runPanel) exportChart() {
	i := p.tabs.SelectedIndex()
	v := p.views[i]
	w, h := 1200, 600
	for _, s := range exportSizes {
		if s.label == p.size.Selected {
			w, h = s.w, s.h
		}
	}
	saveDialog(p.w.Win, p.kind+"-"+p.specs[i].file+".png", []string{".png", ".svg", ".pdf"}, func(path string) error {
		return exportChart(v, path, w, h)
	})
}

func (p *runPanel) exportData() {
	r := p.current
	saveDialog(p.w.Win, p.kind+"-run.csv", []string{".csv", ".json"}, func(path string) error {
		return exportRun(r, path)
	})
}

// exportReport saves the run shown (with the overlaid baseline, if any) as
// one HTML or Markdown report.
func (p *runPanel) exportReport() {
	base, cur := p.base, p.current
	saveDialog(p.w.Win, p.kind+"-report.html", []string{".html", ".md"}, func(path string) error {
		return exportReport(base, cur, path)
	})
}

// currentRun and statusText read the panel; call them on the UI
// goroutine (tests: the test goroutine, after pumpUI).
func (p *runPanel) currentRun() *results.Run { return p.current }

func (p *runPanel) statusText() string { return p.status.Text }
