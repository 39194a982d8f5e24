/// The dashboard's one stylesheet: system fonts (nothing to download), colours with at least
/// 4.5:1 contrast for text, and a print style sheet that drops navigation and keeps tables whole.
enum Stylesheet {
    static let css = """
    :root { --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --link: #0b4f9c; --paper: #ffffff;
      --green: #1e6b34; --amber: #8a5300; --red: #a3161a; --grey: #5f6368;
      --l0: #9aa0a6; --l1: #e0a100; --l2: #3f8fd2; --l3: #1e7b3c; }
    * { box-sizing: border-box; }
    body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: var(--ink); background: var(--paper);
      margin: 0; line-height: 1.5; font-size: 1rem; }
    header.site, main, footer.site { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
    header.site { border-bottom: 2px solid var(--ink); padding-top: .75rem; padding-bottom: .5rem; }
    header.site p { margin: 0; color: var(--muted); }
    header.site img.logo { display: block; max-height: 4rem; max-width: 100%; width: auto; margin-bottom: .25rem; }
    nav ul { list-style: none; padding: 0; margin: .5rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
    a { color: var(--link); }
    a:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; }
    .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
    h1 { font-size: 1.8rem; margin: 1rem 0 .5rem; }
    h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
    h3 { font-size: 1.1rem; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
    th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
    /* A note's paragraphs start at the cell's top, level with the other cells. */
    td > p:first-child { margin-top: 0; } td > p:last-child { margin-bottom: 0; }
    th { background: #f1f1f1; }
    caption { text-align: left; font-weight: bold; padding: .25rem 0; }
    dl { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: .25rem 1rem; }
    dt { font-weight: bold; }
    dd { margin: 0; }
    dd p:first-child { margin-top: 0; }
    .untranslated { font-style: italic; }
    .marker { font-size: .85em; font-weight: bold; color: var(--red); overflow-wrap: anywhere; }
    .empty { color: var(--muted); }
    .rag { font-weight: bold; padding: 0 .4rem; border-radius: .2rem; color: #fff; white-space: nowrap; }
    .rag-green { background: var(--green); } .rag-amber { background: var(--amber); } .rag-red { background: var(--red); }
    rect.rag-green { fill: var(--green); } rect.rag-amber { fill: var(--amber); } rect.rag-red { fill: var(--red); }
    rect.level-not-started { fill: var(--l0); } rect.level-limited { fill: var(--l1); }
    rect.level-substantial { fill: var(--l2); } rect.level-complete { fill: var(--l3); } rect.level-overdue { fill: var(--red); }
    .level { white-space: nowrap; }
    .stale { color: var(--red); font-weight: bold; }
    .rule { border-left: 4px solid var(--ink); padding: .25rem .75rem; background: #f6f6f6; }
    .cards { display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; list-style: none; }
    .cards li { border: 1px solid var(--line); padding: .5rem 1rem; min-width: 9rem; }
    .cards strong { display: block; font-size: 1.6rem; }
    figure.chart-figure { margin: 1rem 0; }
    svg.chart { width: 100%; height: auto; max-width: 60rem; display: block; }
    .chart-figure:not(.gantt) svg.chart { max-width: 40rem; }
    .chart-label, .chart-value { font-size: 14px; fill: var(--ink); }
    .gantt .chart-label { font-size: 13px; } .gantt-tick { font-size: 12px; fill: var(--ink); }
    table.chart-data { width: auto; font-size: .9rem; }
    /* The chart's figures stay for screen readers and print, not twice on screen. */
    @media screen { table.chart-data { position: absolute; width: 1px; height: 1px; overflow: hidden;
      clip-path: inset(50%); white-space: nowrap; } }
    /* Long words (file names, addresses) wrap instead of widening the page. In a wide table a
       cell breaks between words only ("anywhere" let the table squeeze a date column down to
       "Decembe-r"); file names, code and links break anywhere; stacked rows (phones) too. */
    main { overflow-wrap: break-word; }
    td, dd, li { overflow-wrap: break-word; }
    .files, code, td a, dd a, li a { overflow-wrap: anywhere; }
    .scroll { overflow-x: auto; max-width: 100%; }
    .scroll:focus { outline: 3px solid #ffbf47; }
    .gantt svg.chart { min-width: 40rem; }
    nav.filters { display: grid; gap: .25rem; margin: .5rem 0 1rem; padding: .5rem .75rem; background: #f6f6f6; }
    nav.filters div { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; }
    nav.filters ul { margin: 0; }
    nav.filters a[aria-current] { font-weight: bold; color: var(--ink); }
    .count { font-weight: normal; color: var(--muted); font-size: .9em; }
    .status { font-size: 1.05rem; }
    details > summary { cursor: pointer; font-weight: bold; margin: .5rem 0; }
    .internal-banner { border: 2px solid var(--red); color: var(--red); font-weight: bold; padding: .25rem .75rem; }
    .print-note { color: var(--muted); font-size: .9rem; }
    @media (max-width: 40rem) {
      dl { grid-template-columns: 1fr; }
      dd { margin-bottom: .5rem; }
      h1 { font-size: 1.45rem; }
      /* Tables become stacked rows, each cell with its column's name. */
      table:not(.chart-data), table:not(.chart-data) thead, table:not(.chart-data) tbody, table:not(.chart-data) tr,
      table:not(.chart-data) td { display: block; width: 100%; }
      td { overflow-wrap: anywhere; }
      /* The header row stays for screen readers, out of sight (each cell names its column). */
      table:not(.chart-data) thead tr { position: absolute; top: -9999px; left: -9999px; }
      table:not(.chart-data) tr { border: 1px solid var(--line); margin-bottom: .5rem; }
      table:not(.chart-data) td { border: 0; border-bottom: 1px solid #eee; }
      table:not(.chart-data) td[data-label]:not([data-label=""])::before { content: attr(data-label); display: block;
        font-weight: bold; font-size: .85rem; color: var(--muted); }
      .cards li { min-width: 0; flex: 1 1 40%; }
    }
    .gantt-planned { fill: #b9d3ee; stroke: #5b7fa6; }
    .gantt-overdue { stroke: var(--red); stroke-width: 2; }
    .gantt-actual { fill: #1f4e79; }
    .gantt-running { fill: #3f7fbf; }
    .gantt-grid { stroke: #e3e3e3; }
    .gantt-today { stroke: var(--red); stroke-width: 2; stroke-dasharray: 4 3; }
    .checkbox { font-family: "DejaVu Sans", sans-serif; }
    footer.site { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .5rem; color: var(--muted); font-size: .9rem; }
    @media print {
      nav, .skip, .print-note { display: none; }
      .scroll { overflow: visible; }
      .gantt svg.chart { min-width: 0; }
      body { font-size: 10.5pt; }
      a { color: var(--ink); text-decoration: none; }
      a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .8em; }
      h2 { break-after: avoid; }
      table, figure, dl { break-inside: avoid; }
      .rag { color: var(--ink); border: 1px solid var(--ink); background: none; }
      header.site, main, footer.site { max-width: none; }
    }
    """
}
