/* The report site's long tables, sorted, filtered and paged in the page, offline: DataTables (vendored as
   assets/datatables.min.js, npm datatables.net) on every table of a report's outputs with at least MIN_ROWS
   rows and MIN_COLUMNS columns, in the page's language (on Arabic pages DataTables' own Arabic strings,
   from npm datatables.net-plugins, put in by the builder). Only the glue is written here: which tables, the
   strings, and a link to a row (report 05's #C16) that opens the page of the table holding it. Without
   JavaScript the tables are whole and still read on a phone (one card per row, analysis/assets/report.css). */
(() => {
  "use strict";
  const ARABIC = /*ARABIC*/{};
  const ENGLISH = {
    entries: { _: "rows", 1: "row" },
    info: "Showing _START_ to _END_ of _TOTAL_ _ENTRIES-TOTAL_",
    infoEmpty: "No rows",
    infoFiltered: "(filtered from _MAX_)",
    lengthMenu: "_MENU_ _ENTRIES_ per page",
    search: "Filter:",
    zeroRecords: "No row matches",
  };
  const MIN_ROWS = 8, MIN_COLUMNS = 3, PAGE = 10;
  const tables = [];

  /* A number and the word before or after it are never split across lines: "21 rows", «21 مدخل», "Showing 1". */
  function keepTogether(strings) {
    const out = Array.isArray(strings) ? [] : {};
    for (const [key, value] of Object.entries(strings)) {
      out[key] = typeof value === "string" ? value.replace(/(_[A-Z-]+_) /g, "$1\u00a0").replace(/ (_[A-Z-]+_)/g, "\u00a0$1").replace(/(\d) /g, "$1\u00a0").replace(/(\p{L}) (?=\d)/gu, "$1\u00a0")
        : value && typeof value === "object" ? keepTogether(value) : value;
    }
    return out;
  }

  function enhance(table) {
    const head = table.tHead, body = table.tBodies[0];
    if (!window.DataTable || !head || !body || head.rows.length !== 1 || table.tBodies.length !== 1) return;
    const rows = body.rows.length, columns = head.rows[0].cells.length;
    if (rows < MIN_ROWS || columns < MIN_COLUMNS || body.querySelector("[rowspan], [colspan]")) return;
    const arabic = document.documentElement.lang === "ar";
    const language = keepTogether(arabic ? ARABIC : ENGLISH);
    const all = arabic ? (ARABIC.lengthLabels || {})["-1"] || "الكل" : "All";
    tables.push(new window.DataTable(table, {
      paging: rows > PAGE, pageLength: PAGE, lengthMenu: [10, 25, 50, { label: all, value: -1 }],
      order: [], autoWidth: false, language: language,
    }));
  }

  /* A link to a row (#C16) of a paged table: show that row's page, then the row. */
  function showTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    for (const table of tables) {
      const rows = table.rows({ order: "applied", search: "applied" }).nodes().toArray();
      let at = rows.findIndex((row) => row.id === id);
      if (at < 0 && table.rows().nodes().toArray().some((row) => row.id === id)) {
        table.search("").draw(false);  // filtered out: clear the filter first
        at = table.rows({ order: "applied", search: "applied" }).nodes().toArray().findIndex((row) => row.id === id);
      }
      if (at >= 0 && table.page.len() > 0) {
        table.page(Math.floor(at / table.page.len())).draw(false);
        const row = document.getElementById(id);
        if (row) row.scrollIntoView();
        return;
      }
    }
  }

  document.querySelectorAll(".jp-OutputArea-output table").forEach(enhance);
  window.addEventListener("hashchange", showTarget);
  showTarget();
})();
