extension CockpitAssets {
    /// The script (`GET /cockpit/cockpit.js`): renders `/v1/cockpit`, follows `/cockpit/events`,
    /// shows a case's timeline at `#case/<id>`. Any error is written into `#errors`, where the
    /// browser test looks for it.
    static let script = #"""
    "use strict";
    const T = {
      zh: { title: "协作驾驶舱", league: "部门协作排行", leagueNote: "按准时率排序；准时率 = 按时办结 ÷ (已办结 + 当前超期未办结)",
            unit: "单位", onTime: "准时率", overdueNow: "当前超期", medianResponse: "签收用时中位数 (小时)", escalations: "督办",
            declines: "退回 (推诿)", rating: "互评", overdue: "超期事项", "case": "案件", stage: "环节", over: "超期", level: "督办级别",
            workflows: "事项流程", workflow: "流程", casesOpen: "在办", casesClosed: "办结", medianCompletion: "办结用时中位数 (小时)",
            declineMap: "推诿图", back: "← 返回驾驶舱", tasks: "任务", state: "状态", acceptBy: "签收期限", completeBy: "办结期限",
            timeline: "全程记录", source: "数据：liaison.metrics 最新快照与当前案件状态", live: "实时", waiting: "等待第一个指标快照…",
            noOverdue: "当前没有超期事项", more: "另有 {n} 项未列出", snapshot: "快照时间", noDeclines: "暂无退回",
            declinedTo: "退回给", lang: "English", periodTotal: "累计", periodToday: "今日", periodWeek: "本周", periodMonth: "本月",
            periodRolling: "近 30 天", timeGoes: "耗时最多的环节", trend: "每日趋势（近 30 天）", trendNote: "每日办结数：绿色按时，红色超时；折线为督办次数", lead: "牵头单位", status: "状态", openedAt: "受理时间", reconnecting: "正在重新连接…" },
      en: { title: "Collaboration cockpit", league: "Units", leagueNote: "By on-time rate; on-time rate = completed on time ÷ (completed + open overdue now)",
            unit: "Unit", onTime: "On time", overdueNow: "Overdue now", medianResponse: "Median response (h)", escalations: "Escalations",
            declines: "Declines", rating: "Rating", overdue: "Overdue now", "case": "Case", stage: "Stage", over: "Over by", level: "Ladder",
            workflows: "Workflows", workflow: "Workflow", casesOpen: "Open", casesClosed: "Closed", medianCompletion: "Median completion (h)",
            declineMap: "Who declines to whom", back: "← Back to the cockpit", tasks: "Tasks", state: "State", acceptBy: "Accept by", completeBy: "Complete by",
            timeline: "Timeline", source: "Data: latest liaison.metrics snapshot and current case states", live: "live", waiting: "Waiting for the first metrics snapshot…",
            noOverdue: "Nothing is overdue", more: "{n} more not listed", snapshot: "snapshot", noDeclines: "No declines yet",
            declinedTo: "declined to", lang: "中文", periodTotal: "Total", periodToday: "Today", periodWeek: "This week",
            periodMonth: "This month", periodRolling: "Rolling 30 days", timeGoes: "Stage where time goes", trend: "Per day, last 30 days",
            trendNote: "Tasks completed per day: green on time, red late; the line is escalations", lead: "Lead", status: "Status", openedAt: "Opened", reconnecting: "reconnecting…" },
    };
    let lang = localStorage.getItem("liaison.lang") === "en" ? "en" : "zh";
    let latest = null;
    const $ = (id) => document.getElementById(id);
    const t = (key) => T[lang][key] ?? key;

    function report(message) {
      const box = $("errors");
      box.hidden = false;
      box.textContent += message + "\n";
    }
    window.addEventListener("error", (e) => report("error: " + e.message + " at " + e.filename + ":" + e.lineno));
    window.addEventListener("unhandledrejection", (e) => report("unhandled: " + (e.reason && e.reason.message || e.reason)));

    function el(tag, attrs, ...children) {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (k === "class") node.className = v; else node.setAttribute(k, v);
      }
      for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
      return node;
    }
    const pct = (x) => x == null ? "—" : (x * 100).toFixed(1) + "%";
    const hours = (ms) => ms == null ? "—" : (ms / 3600000).toFixed(ms < 360000 ? 4 : 2);
    function span(ms) {
      const s = Math.round(ms / 1000);
      if (s < 120) return s + (lang === "zh" ? " 秒" : " s");
      const m = Math.round(s / 60);
      if (m < 120) return m + (lang === "zh" ? " 分钟" : " min");
      const h = m / 60;
      if (h < 48) return h.toFixed(1) + (lang === "zh" ? " 小时" : " h");
      return (h / 24).toFixed(1) + (lang === "zh" ? " 天" : " d");
    }
    const unitName = (u) => (lang === "en" ? (u.nameEn || u.name || u.id) : (u.name || u.id));

    function applyLanguage() {
      document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
      document.title = t("title") + " · Liaison";
      for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
      $("lang").textContent = t("lang");
      if (latest) render(latest);
      if (location.hash.startsWith("#case/")) showCase();
    }

    const onTime = (m) => (m ? m.onTimeRate ?? null : null);
    function responseMs(m) {
      if (!m) return null;
      const w = m.acceptWorkingMilliseconds || m.acceptMilliseconds;
      return w ? w.p50 : null;
    }

    function render(doc) {
      latest = doc;
      const units = (doc.units || []).slice().sort((a, b) => (onTime(b.metrics) ?? -1) - (onTime(a.metrics) ?? -1) || a.id.localeCompare(b.id));
      const league = $("league").tBodies[0];
      const period = $("period").value;
      league.replaceChildren(...units.map((u) => {
        const m = period === "total" ? u.metrics : windowMetrics(u, period), rate = onTime(m), rating = m.rating || {};
        return el("tr", { "data-unit": u.id, "data-ontime": rate ?? "", "data-overdue": m.tasks.overdue,
                          "data-escalations": m.escalations, "data-declines": m.declines,
                          "data-rating": rating.mean ?? "", "data-response-ms": responseMs(m) ?? "" },
          el("td", {}, unitName(u)),
          el("td", { class: "num" + (rate != null && rate < 0.8 ? " bad" : "") }, pct(rate)),
          el("td", { class: "num" + (u.metrics.tasks.overdue > 0 ? " bad" : "") }, u.metrics.tasks.overdue),
          el("td", { class: "num" }, hours(responseMs(m))),
          el("td", { class: "num" }, m.escalations),
          el("td", { class: "num" }, m.declines),
          el("td", { class: "num" }, rating.mean == null ? "—" : rating.mean.toFixed(2) + " (" + rating.count + ")"));
      }));
      const overdue = $("overdue").tBodies[0];
      const rows = (doc.overdue || []).map((o) => el("tr", { "data-case": o["case"], "data-unit": o.unit },
        el("td", {}, el("a", { href: "#case/" + encodeURIComponent(o["case"]) }, o["case"])),
        el("td", {}, o.unit + (o.unit !== o.taskUnit ? " (" + o.taskUnit + ")" : "")),
        el("td", {}, o.stage),
        el("td", { class: "num bad" }, span(o.overdueMilliseconds)),
        el("td", { class: "num" }, o.level + " / " + o.levels)));
      overdue.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 5, class: "muted" }, t("noOverdue")))]));
      const hidden = (doc.overdueTotal || 0) - rows.length;
      $("overdueMore").textContent = hidden > 0 ? t("more").replace("{n}", hidden) : "";
      const workflows = $("workflows").tBodies[0];
      workflows.replaceChildren(...(doc.workflows || []).map((w) => {
        const m = w.metrics, c = m.cases || {};
        return el("tr", { "data-workflow": w.id },
          el("td", {}, w.title || w.id), el("td", { class: "num" }, c.open ?? "—"), el("td", { class: "num" }, c.closed ?? "—"),
          el("td", { class: "num" }, pct(onTime(m))),
          el("td", { class: "num" }, hours(((m.completionWorkingMilliseconds || m.completionMilliseconds) || {}).p50)),
          el("td", {}, slowestStage(m.stages || {})));
      }));
      renderDeclines(doc);
      renderTrend(doc.trend || []);
      $("at").textContent = doc.at ? t("snapshot") + " " + new Date(doc.at).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB") : t("waiting");
      document.body.dataset.at = doc.at || "";
      document.body.dataset.rendered = String(Number(document.body.dataset.rendered) + 1);
    }

    // A window's numbers; the overdue gauge is a current value, so it always comes from the totals.
    function windowMetrics(u, period) {
      const w = (u.windows || {})[period];
      if (w) return { ...w, onTimeRate: w.completionOnTimeRate, tasks: { ...w.tasks, overdue: u.metrics.tasks.overdue } };
      return { tasks: { overdue: u.metrics.tasks.overdue }, escalations: 0, declines: 0, onTimeRate: null, rating: {} };
    }

    // The stage whose completed tasks took the most working time, with its share of the whole.
    function slowestStage(stages) {
      const entries = Object.entries(stages);
      const total = entries.reduce((sum, [, s]) => sum + s.workingMilliseconds, 0);
      if (!entries.length || total === 0) return "—";
      const [name, s] = entries.sort((a, b) => b[1].workingMilliseconds - a[1].workingMilliseconds)[0];
      return name + " (" + Math.round(100 * s.workingMilliseconds / total) + "%)";
    }

    function renderTrend(days) {
      const box = $("trend");
      const ns = "http://www.w3.org/2000/svg";
      const W = 600, H = 160, pad = 20, bw = (W - 2 * pad) / Math.max(1, days.length);
      const max = Math.max(1, ...days.map((d) => Math.max(d.completed, d.escalations)));
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", `0 0 ${W} ${H + 20}`);
      const add = (tag, attrs, text) => {
        const node = document.createElementNS(ns, tag);
        for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
        if (text != null) node.textContent = text;
        svg.append(node);
      };
      const y = (v) => H - (H - pad) * v / max;
      days.forEach((d, i) => {
        const x = pad + i * bw;
        add("rect", { x: x + 1, width: Math.max(1, bw - 2), y: y(d.completedOnTime), height: H - y(d.completedOnTime), fill: "#1e8449" });
        add("rect", { x: x + 1, width: Math.max(1, bw - 2), y: y(d.completedOnTime + d.completedLate), height: y(d.completedOnTime) - y(d.completedOnTime + d.completedLate), fill: "#c0392b" });
        if (i % 5 === 4 || i === days.length - 1) add("text", { x: x + bw / 2, y: H + 14, "font-size": 10, "text-anchor": "middle", fill: "#6b7385" }, d.day.slice(5));
      });
      add("polyline", { fill: "none", stroke: "#b03a2e", "stroke-width": 1.5,
                        points: days.map((d, i) => `${pad + i * bw + bw / 2},${y(d.escalations)}`).join(" ") });
      add("text", { x: 2, y: pad, "font-size": 10, fill: "#6b7385" }, String(max));
      box.replaceChildren(svg);
      box.dataset.days = String(days.length);
    }

    function renderDeclines(doc) {
      const box = $("declineMap");
      const pairs = [];
      for (const u of doc.units || []) {
        const to = u.metrics.declinesBySuggested || {};
        for (const [target, n] of Object.entries(to)) pairs.push([u.id, target, n]);
      }
      const max = Math.max(1, ...(doc.units || []).map((u) => u.metrics.declines));
      const decliners = (doc.units || []).filter((u) => u.metrics.declines > 0).sort((a, b) => b.metrics.declines - a.metrics.declines);
      if (!decliners.length) { box.replaceChildren(el("p", { class: "muted" }, t("noDeclines"))); return; }
      box.replaceChildren(el("table", {}, el("tbody", {}, ...decliners.map((u) => {
        const targets = pairs.filter((p) => p[0] === u.id).map((p) => p[1] + " ×" + p[2]).join(", ");
        return el("tr", { "data-decliner": u.id },
          el("td", {}, unitName(u)),
          el("td", {}, el("span", { class: "bar", style: "width:" + Math.round(120 * u.metrics.declines / max) + "px" }), u.metrics.declines),
          el("td", { class: "muted" }, targets ? t("declinedTo") + " " + targets : ""));
      }))));
    }

    async function fetchJSON(url) {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(url + " answered " + response.status);
      return response.json();
    }

    async function showCase() {
      const id = decodeURIComponent(location.hash.slice("#case/".length));
      $("overview").hidden = true;
      $("casePage").hidden = false;
      const c = await fetchJSON("/v1/cases/" + encodeURIComponent(id));
      $("caseTitle").textContent = t("case") + " " + id;
      $("caseSummary").replaceChildren(el("p", {},
        t("workflow") + ": " + c.workflow + " v" + c.version + " · " + t("stage") + ": " + (c.stage ?? "—") +
        " · " + t("lead") + ": " + (c.lead ?? "—") + " · " + t("status") + ": " + c.status));
      $("caseTasks").tBodies[0].replaceChildren(...(c.tasks || []).map((task) => el("tr", {},
        el("td", {}, task.unit), el("td", {}, task.status ?? task.state ?? ""),
        el("td", {}, task.acceptBy ?? "—"), el("td", {}, task.completeBy ?? "—"))));
      $("timeline").replaceChildren(...(c.history || []).map((h) => el("li", { "data-kind": h.kind },
        (h.local || h.at) + " · " + h.kind + " · " + (h.type || h.id || "") + (h.unit ? " · " + h.unit : ""))));
    }

    function route() {
      if (location.hash.startsWith("#case/")) {
        showCase().catch((e) => report("case: " + e.message));
      } else {
        $("casePage").hidden = true;
        $("overview").hidden = false;
      }
    }

    function connect() {
      const source = new EventSource("/cockpit/events");
      source.addEventListener("cockpit", (e) => {
        render(JSON.parse(e.data));
        document.body.dataset.live = String(Number(document.body.dataset.live) + 1);
        $("status").textContent = "● " + t("live");
      });
      source.onerror = () => { $("status").textContent = t("reconnecting"); };
    }

    $("period").addEventListener("change", () => { if (latest) render(latest); });
    $("lang").addEventListener("click", () => {
      lang = lang === "zh" ? "en" : "zh";
      localStorage.setItem("liaison.lang", lang);
      applyLanguage();
    });
    window.addEventListener("hashchange", route);
    applyLanguage();
    route();
    fetchJSON("/v1/cockpit").then(render).catch((e) => report("cockpit: " + e.message)).finally(connect);
    """#
}
