// One drawn map, in layers from the bottom: the basemap (a 2D sheet), its labels (HTML),
// the area events' outlines (a 2D sheet), the events (deck.gl's dots and rings, or cells
// on a 2D sheet), the count badges and the selected event's halo (HTML); the brush and
// playback, tooltips and picks. Its props are the "view" element's; the data it draws are
// shared.

import { Deck, MapView } from "@deck.gl/core";
import { AreaShapes } from "./area_shapes.js";
import { contains } from "./areas.js";
import { BADGE_STYLE, badgeMarks } from "./badges.js";
import { cellAt, cellShapes, windowCells } from "./cells.js";
import { HALO_STYLE, haloMarks } from "./halo.js";
import { LABEL_STYLE, labelMarks } from "./labels.js";
import { Marks } from "./marks.js";
import { dotLayers } from "./layers.js";
import { shared, stats, withOverlay } from "./shared.js";
import { Sheet } from "./sheet.js";
import { countWindow, inWindow } from "./window.js";
import { dates, eventTooltip, isoDay, shortDay } from "./words.js";

const SPEEDS = { slow: 1.5, normal: 0.8, fast: 0.3 }; // seconds per playback step
const CAMERA_DEBOUNCE_MS = 700;
const NO_LAYERS = [];
const NO_SHAPES = [];
const WIDTH_DEBOUNCE_MS = 300;

const STYLE = `
.sitmap-map { font-family: "Source Sans Pro", "Source Sans 3", sans-serif; font-size: 14px; color: #31333f; }
.sitmap-map .bar { display: flex; gap: 8px; align-items: center; margin: 0 0 6px 0; flex-wrap: wrap; }
.sitmap-map button, .sitmap-map select { font: inherit; padding: 3px 10px; border: 1px solid #ccc; border-radius: 6px; background: white; cursor: pointer; }
.sitmap-map .count { margin-left: auto; color: #555; }
.sitmap-map .brush { position: relative; height: 30px; margin: 4px 10px 14px 10px; user-select: none; touch-action: none; }
.sitmap-map .track { position: absolute; left: 0; right: 0; top: 12px; height: 6px; background: #e6e9ef; border-radius: 3px; }
.sitmap-map .sel { position: absolute; top: 8px; height: 14px; background: rgba(255,75,75,0.35); border: 1px solid #ff4b4b; border-radius: 3px; cursor: grab; }
.sitmap-map .handle { position: absolute; top: 3px; width: 12px; height: 24px; margin-left: -6px; background: #ff4b4b; border-radius: 4px; cursor: ew-resize; }
.sitmap-map .labels { position: absolute; top: 28px; left: 0; right: 0; font-size: 12px; color: #555; }
.sitmap-map .canvas { position: relative; border-radius: 6px; overflow: hidden; }
`;

export class MapView_ {
  constructor(parent, setTriggerValue) {
    this.setTrigger = setTriggerValue;
    this.props = null;
    this.window = null; // [first, last] days (fractional while playing)
    this.pythonWindow = null;
    this.pythonCamera = null;
    this.viewState = null;
    this.dragging = null;
    this.playing = null;
    this.pending = false;
    this.cameraTimer = null;
    this.root = document.createElement("div");
    this.root.className = "sitmap-map";
    this.root.innerHTML = `<style>${STYLE}${BADGE_STYLE}${LABEL_STYLE}${HALO_STYLE}</style>
      <div class="bar">
        <button class="play" data-testid="sitmap-play">Play</button>
        <select class="mode" aria-label="Playback"><option value="moving">moving window</option><option value="cumulative">cumulative</option></select>
        <select class="speed" aria-label="Speed"><option>slow</option><option selected>normal</option><option>fast</option></select>
        <span class="count" data-testid="sitmap-count"></span>
      </div>
      <div class="brush" data-testid="sitmap-brush" aria-label="Time window">
        <div class="track"></div><div class="sel"></div>
        <div class="handle h0" data-testid="sitmap-handle-start"></div><div class="handle h1" data-testid="sitmap-handle-end"></div>
        <div class="labels"><span class="l0"></span><span class="l1" style="float:right"></span></div>
      </div>
      <div class="canvas" data-testid="sitmap-canvas"><div class="badges"></div><div class="halo"></div></div>`;
    parent.appendChild(this.root);
    this.q = (s) => this.root.querySelector(s);
    this.q(".play").addEventListener("click", () => this.togglePlay());
    this.bindBrush();
    this.deck = null;
    this.areas = new AreaShapes();
    this.badges = new Marks(this.q(".badges"));
    this.halo = new Marks(this.q(".halo"));
    this.labels = new Marks(document.createElement("div"));
    this.labels.container.className = "basemap-labels";
    this.baseSheet = new Sheet("basemap");
    this.areaSheet = new Sheet("event-areas");
    this.areaShapes = [];
    this.cellSheet = new Sheet("event-cells");
    this.cellShapes = NO_SHAPES;
    // under the events' deck (which appends its canvas when it is made): the basemap, its
    // labels, the area events' outlines, the cells
    this.q(".canvas").append(this.baseSheet.canvas, this.labels.container, this.areaSheet.canvas, this.cellSheet.canvas);
    this.resized = new ResizeObserver(() => {
      this.reportWidth();
      if (this.viewState) this.place();
    });
    this.resized.observe(this.q(".canvas"));
    shared.views.add(this);
  }

  destroy() {
    shared.views.delete(this);
    this.resized.disconnect();
    this.stopPlay(false);
    if (this.deck) this.deck.finalize();
    this.root.remove();
  }

  dataset() {
    return this.props && shared.datasets.get(this.props.dataset);
  }

  update(props) {
    const previous = this.props;
    this.props = props;
    // the server's cells of a full run's window, kept for that window and filter set while
    // their columns are on their way (a rerun of the view alone, as the width's report
    // makes, comes without them)
    if (props.cells) this.serverCells = { cells: props.cells, window: props.window.slice(), dataset: props.dataset };
    const windowKey = JSON.stringify(props.window);
    if (this.pythonWindow !== windowKey) {
      // Python moved the window (a button, a shared link): follow it
      this.pythonWindow = windowKey;
      if (!this.dragging && !this.playing) this.window = props.window.slice();
    }
    const cameraKey = JSON.stringify(props.camera);
    if (this.pythonCamera !== cameraKey) {
      this.pythonCamera = cameraKey;
      if (props.camera) {
        this.viewState = { ...props.initial_view, longitude: props.camera[0], latitude: props.camera[1], zoom: props.camera[2] };
        this.viewState.minZoom = Math.min(this.viewState.minZoom, props.camera[2]);
      } else if (!this.viewState || (previous && previous.camera)) {
        this.viewState = { ...props.initial_view };
      }
    }
    this.q(".bar").style.display = props.controls ? "flex" : "none";
    this.q(".brush").style.display = props.controls ? "block" : "none";
    this.q(".canvas").style.height = `${props.height}px`;
    this.refresh();
    this.reportWidth();
  }

  refresh() {
    // the deck is made, and the basemap drawn, as soon as the basemap is here: software
    // WebGL then compiles its program while a large filter set's events are still on
    // their way (at a million events they come ~0.7-1.1 s after it)
    if (!this.props) return;
    if (!shared.basemap) {
      this.q(".count").textContent = "Loading the map…";
      return;
    }
    if (!this.deck) {
      stats.timings.deck ??= performance.now();
      this.deck = new Deck({
        parent: this.q(".canvas"),
        views: new MapView({ repeat: false }),
        viewState: this.viewState,
        useDevicePixels: 1,
        // a low-latency canvas: without a GPU (software WebGL, headless or thin clients),
        // a canvas synchronised with the page's compositor redraws about 6 times a second,
        // a desynchronised one as often as deck.gl asks. No multisampling: dots, rings and
        // cells smooth their own edges (the same pixels with it), and without a GPU it cost
        // 40 % of a frame (docs/performance.md)
        deviceProps: { webgl: { desynchronized: true, antialias: false } },
        width: "100%",
        height: "100%",
        style: { position: "absolute", left: 0, top: 0 },
        // north up and flat, as the sheets under the deck draw (and a briefing reads)
        controller: { dragRotate: false, touchRotate: false, keyboard: { rotateSpeedX: 0, rotateSpeedY: 0 } },
        onDeviceInitialized: (device) => {
          // known only once the device exists (asynchronously): the first layers are made again
          this.pointSizeMax = device.gl ? device.gl.getParameter(device.gl.ALIASED_POINT_SIZE_RANGE)[1] : 0;
          this.draw();
        },
        onViewStateChange: ({ viewState }) => {
          this.viewState = viewState;
          this.deck.setProps({ viewState });
          this.place();
          this.reportCamera();
        },
        getTooltip: (info) => this.tooltip(info),
        onClick: (info) => this.pick(info),
        onBeforeRender: () => {
          this.renderStarted = performance.now();
        },
        onAfterRender: () => {
          stats.renderMs = performance.now() - this.renderStarted;
          stats.timings.firstFrame ??= performance.now();
          // the events' redraw, unless they are cells (counted when their sheet redraws)
          if (!this.cellsShown) this.eventsDrawn();
        },
        getCursor: ({ isHovering, isDragging }) => (isDragging ? "grabbing" : isHovering ? "pointer" : "grab"),
      });
    }
    this.draw();
  }

  draw() {
    if (!this.deck) return;
    const ds = this.dataset();
    const [first, last] = this.window;
    this.drawBase(last);
    if (!ds) {
      // a large filter set's columns are still on their way: the window's cells as the
      // server counted them, if it sent them (a full run whose window is drawn as cells)
      this.q(".count").textContent = "Loading the events…";
      const kept = this.serverCells;
      const serverCells = kept && kept.dataset === this.props.dataset && String(kept.window) === String(this.window) ? kept.cells : null;
      if (serverCells && this.cellShapesOf !== serverCells) {
        this.cellShapesOf = serverCells;
        this.cellShapes = cellShapes(serverCells);
        this.cellsShown = true;
        stats.drawn = "cells (server)";
        stats.window = [isoDay(first), isoDay(last)];
      }
      if (this.cellSheet.draw(this.cellShapes, this.viewState) && this.cellsShown) {
        stats.timings.serverCells ??= performance.now();
        this.eventsDrawn();
      }
      this.place();
      return;
    }
    const started = performance.now();
    stats.timings.eventsDraw ??= started;
    const aggregate = this.props.aggregate_above;
    let counts = countWindow(ds, first, last, false);
    const cells = aggregate !== null && counts.located > aggregate;
    if (cells) counts = countWindow(ds, first, last, true);
    this.counts = counts;
    stats.shown = counts.shown;
    stats.total = ds.n;
    stats.window = [isoDay(first), isoDay(last)];
    stats.drawn = cells ? "cells" : "dots";
    const control = stats.overlay ? ` · ${stats.overlay}` : "";
    this.q(".count").textContent = `Showing ${counts.shown.toLocaleString("en-GB")} of ${ds.n.toLocaleString("en-GB")} · ${shortDay(first)} – ${shortDay(last)}${control}`;
    this.drawBrush();
    const areas = this.areas.draw(ds, counts, this.window);
    this.areaShapes = areas.shapes;
    if (areas.badgesKey !== this.badges.key) this.badges.show(badgeMarks(areas.features), areas.badgesKey);
    const haloKey = `${ds.key}|${this.props.selected_row}`;
    if (haloKey !== this.halo.key) this.halo.show(haloMarks(ds, this.props.selected_row), haloKey);
    this.place();
    this.cellsShown = cells;
    this.cellShapes = cells ? cellShapes(windowCells(ds, counts)) : NO_SHAPES;
    if (this.cellSheet.draw(this.cellShapes, this.viewState) && cells) this.eventsDrawn();
    // the same empty list while the cells are shown: the deck then does not redraw
    const layers = cells ? NO_LAYERS : dotLayers(ds, counts, this.window, this.props, this);
    this.deck.setProps({ layers, viewState: this.viewState });
    stats.drawMs = performance.now() - started;
  }

  eventsDrawn() {
    // a redraw of the events (the deck's, or the cells' sheet): what the frame counters
    // and the bench read
    stats.frames += 1;
    if (this.counts) stats.timings.eventsFrame ??= performance.now();
    // the page's next rendering step, by when the first event pixels (the server's cells
    // included) have gone to the screen
    if (stats.timings.eventsShown === undefined) requestAnimationFrame(() => (stats.timings.eventsShown ??= performance.now()));
    const drawn = String(stats.window);
    if (drawn !== stats.drawnWindow) {
      // the first frame of a new window: when a window change has reached the map
      stats.drawnWindow = drawn;
      stats.windowDrawnAt = performance.now();
    }
  }

  drawBase(last) {
    // the basemap with the control layer in force on the window's last day, and its labels
    this.baseShapes = withOverlay(shared.basemap, last);
    if (shared.basemapKey !== this.labels.key) this.labels.show(labelMarks(shared.basemapLabels), shared.basemapKey);
  }

  rowOf(info) {
    const ds = this.dataset();
    if (!info || !info.layer || info.index < 0 || !ds) return null;
    const rows = info.layer.id.startsWith("event-") && info.layer.props.data.rows;
    return rows ? rows[info.index] : null;
  }

  areaEvents(a, top) {
    const ds = this.dataset();
    const [first, last] = this.window;
    const rows = [];
    for (let k = ds.areaFirst[a]; k < ds.areaFirst[a + 1] && rows.length < top; k++) {
      const i = ds.areaRows[k];
      if (inWindow(ds, i, first, last)) rows.push(i);
    }
    return rows;
  }

  underneath(info) {
    // a pointer on nothing the GPU picked may be on a cell, or inside an area with events:
    // the smallest one holding it (cells and areas are on 2D sheets, hit-tested here)
    if (info.picked || !info.coordinate || !this.counts) return info;
    const cell = cellAt(this.cellShapes, info.coordinate);
    if (cell) return { ...info, picked: true, layer: { id: "event-cells" }, object: cell };
    const ds = this.dataset();
    const features = this.areas.features(ds, this.counts, this.window);
    for (let k = features.length - 1; k >= 0; k--) {
      if (contains(features[k].geometry, info.coordinate)) return { ...info, picked: true, layer: { id: "event-areas" }, object: features[k] };
    }
    return info;
  }

  tooltip(info) {
    const ds = this.dataset();
    info = this.underneath(info);
    if (!ds || !info.picked) return null;
    const row = this.rowOf(info);
    if (row !== null) return { text: eventTooltip(ds, row) };
    const id = info.layer && info.layer.id;
    if (id === "event-areas" && info.object) {
      const { code, count, name } = info.object.properties;
      const lines = [`${count} event(s) known only to ${name}:`];
      for (const i of this.areaEvents(code, 8)) lines.push(`${ds.ids.get(i)} · ${dates(ds, i)} · ${ds.kind.names[ds.kind.codes[i]]}`);
      if (count > 8) lines.push(`… and ${count - 8} more (see the table)`);
      lines.push("(outlined and hatched: where the event was is not known more closely)");
      return { text: lines.join("\n") };
    }
    if (id === "event-cells" && info.object) {
      const d = info.object;
      return { text: `${d.count} ${d.count === 1 ? "event" : "events"} in this ~5 km cell\nmostly ${d.type}\nfatalities: ${d.deaths}` };
    }
    return null;
  }

  pick(info) {
    const ds = this.dataset();
    info = this.underneath(info);
    if (!ds || !info.picked) return;
    let row = this.rowOf(info);
    const id = info.layer && info.layer.id;
    if (row === null && id === "event-areas" && info.object) {
      row = this.areaEvents(info.object.properties.code, 1)[0] ?? null;
    }
    if (row !== null) this.setTrigger("pick", String(ds.ids.get(row)));
  }

  place() {
    // what is not deck.gl's follows the camera: the sheets (each redrawn only if what it
    // shows or the camera changed) and the HTML marks
    if (this.baseShapes && this.baseSheet.draw(this.baseShapes, this.viewState)) stats.baseFrames += 1;
    this.areaSheet.draw(this.areaShapes, this.viewState);
    this.cellSheet.draw(this.cellShapes, this.viewState);
    this.labels.place(this.viewState);
    this.badges.place(this.viewState);
    this.halo.place(this.viewState);
  }

  reportWidth() {
    // the server reckons which events lie off the map from its width, which only the
    // browser knows: sent when it differs from the server's by more than a pixel, settled.
    // Kept in a cookie too, which the server reads on the next page load: a returning
    // analyst's page then needs no rerun to tell it
    clearTimeout(this.widthTimer);
    this.widthTimer = setTimeout(() => {
      const width = Math.round(this.q(".canvas").clientWidth);
      if (!width || !this.props) return;
      const cookie = `${this.props.width_cookie}=${width}`;
      if (!document.cookie.split("; ").includes(cookie)) document.cookie = `${cookie}; path=/; max-age=31536000; SameSite=Strict`;
      if (Math.abs(width - this.props.width) <= 1 || width === this.sentWidth) return;
      this.sentWidth = width;
      this.setTrigger("width", width);
    }, WIDTH_DEBOUNCE_MS);
  }

  reportCamera() {
    clearTimeout(this.cameraTimer);
    this.cameraTimer = setTimeout(() => {
      const v = this.viewState;
      const camera = [Number(v.longitude.toFixed(4)), Number(v.latitude.toFixed(4)), Number(v.zoom.toFixed(2))];
      // deck.gl reports its view state when it first sizes its canvas: a camera Python
      // already has (its own, or the opening view) is not sent, as it would rerun the page
      if (JSON.stringify(camera) === JSON.stringify(this.knownCamera())) return;
      this.pythonCamera = JSON.stringify(camera); // what Python will echo back
      this.setTrigger("camera", camera);
    }, CAMERA_DEBOUNCE_MS);
  }

  knownCamera() {
    if (this.props.camera) return this.props.camera;
    const { longitude, latitude, zoom } = this.props.initial_view;
    return [Number(longitude.toFixed(4)), Number(latitude.toFixed(4)), Number(zoom.toFixed(2))];
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  sendWindow() {
    const first = Math.round(this.window[0]);
    const last = Math.round(this.window[1]);
    this.window = [first, last];
    this.pythonWindow = JSON.stringify([first, last]); // what Python will echo back
    stats.sent += 1;
    this.setTrigger("window", [isoDay(first), isoDay(last)]);
  }

  span() {
    return this.props.span;
  }

  drawBrush() {
    const [s0, s1] = this.span();
    const width = Math.max(s1 - s0, 1);
    const x0 = ((this.window[0] - s0) / width) * 100;
    const x1 = ((this.window[1] - s0) / width) * 100;
    const sel = this.q(".sel");
    sel.style.left = `${x0}%`;
    sel.style.width = `${Math.max(x1 - x0, 0.3)}%`;
    this.q(".h0").style.left = `${x0}%`;
    this.q(".h1").style.left = `${x1}%`;
    this.q(".l0").textContent = shortDay(s0);
    this.q(".l1").textContent = shortDay(s1);
  }

  bindBrush() {
    const brush = this.q(".brush");
    const dayAt = (clientX) => {
      const box = this.q(".track").getBoundingClientRect();
      const [s0, s1] = this.span();
      const f = Math.min(Math.max((clientX - box.left) / box.width, 0), 1);
      return s0 + f * (s1 - s0);
    };
    brush.addEventListener("pointerdown", (event) => {
      if (!this.props) return;
      this.stopPlay(false);
      const target = event.target;
      const day = dayAt(event.clientX);
      let mode = "body";
      if (target.classList.contains("h0")) mode = "start";
      else if (target.classList.contains("h1")) mode = "end";
      else if (!target.classList.contains("sel")) {
        // a click on the track moves the nearer end there
        mode = Math.abs(day - this.window[0]) <= Math.abs(day - this.window[1]) ? "start" : "end";
      }
      this.dragging = { mode, from: day, window: this.window.slice() };
      brush.setPointerCapture(event.pointerId);
      this.moveBrush(day);
      event.preventDefault();
    });
    brush.addEventListener("pointermove", (event) => {
      if (this.dragging) this.moveBrush(dayAt(event.clientX));
    });
    const release = () => {
      if (!this.dragging) return;
      this.dragging = null;
      this.sendWindow();
      this.schedule();
    };
    brush.addEventListener("pointerup", release);
    brush.addEventListener("pointercancel", release);
  }

  moveBrush(day) {
    const [s0, s1] = this.span();
    const { mode, from, window } = this.dragging;
    let [a, b] = window;
    if (mode === "start") a = Math.min(Math.round(day), b);
    else if (mode === "end") b = Math.max(Math.round(day), a);
    else {
      const shift = Math.round(Math.min(Math.max(day - from, s0 - a), s1 - b));
      a += shift;
      b += shift;
    }
    this.window = [Math.max(a, s0), Math.min(b, s1)];
    this.schedule();
  }

  togglePlay() {
    if (this.playing) this.stopPlay(true);
    else this.startPlay();
  }

  startPlay() {
    const [s0, s1] = this.span();
    const cumulative = this.q(".mode").value === "cumulative";
    const seconds = SPEEDS[this.q(".speed").value] || SPEEDS.normal;
    let [a, b] = this.window;
    let width = Math.max(Math.round(b - a), 6);
    if (b >= s1) {
      // at the end: start again from the beginning (a window of all the data plays
      // as one of 30 days)
      if (width >= s1 - s0) width = Math.min(30, s1 - s0);
      a = s0;
      b = s0 + width;
    }
    const stepDays = Math.max(1, Math.floor((width + 1) / 2));
    const perMs = stepDays / (seconds * 1000);
    this.window = [a, b];
    this.playing = { last: performance.now(), cumulative, perMs };
    stats.playing = true;
    this.q(".play").textContent = "Pause";
    const tick = (now) => {
      if (!this.playing) return;
      // at most a tenth of a second of play per frame: where frames come slowly (software
      // WebGL) playback slows down rather than leaping over weeks between two frames
      const advance = Math.min(now - this.playing.last, 100) * this.playing.perMs;
      this.playing.last = now;
      let [x, y] = this.window;
      y = Math.min(y + advance, s1);
      if (!this.playing.cumulative) x = Math.min(x + advance, y);
      this.window = [x, y];
      this.draw();
      if (y >= s1) {
        this.stopPlay(true);
        return;
      }
      this.playing.frame = requestAnimationFrame(tick);
    };
    this.playing.frame = requestAnimationFrame(tick);
  }

  stopPlay(send) {
    if (!this.playing) return;
    cancelAnimationFrame(this.playing.frame);
    this.playing = null;
    stats.playing = false;
    this.q(".play").textContent = "Play";
    if (send) {
      this.sendWindow();
      this.schedule();
    }
  }
}
