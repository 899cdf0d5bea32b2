// The sitmap map: a Streamlit (components v2) element drawing events with deck.gl.
//
// One component, mounted four times by ui/map_component.py:
//   role "basemap": the offline basemap's layers (pydeck JSON), the same in every run;
//   role "overlay": a control series' layers, each with its days in force;
//   role "events":  a filter set's events as Arrow columns, the same until the store or the
//                   filters change (so Streamlit's message cache spares it on a rerun);
//   role "view":    the small part: window, selection, camera, briefing; draws the map.
// The first three are decoded once per key and kept in shared.js, which every mount
// shares. The time window is a GPU filter (DataFilterExtension) on each event's
// [first day, last day]; dragging the window or playing it back never leaves the browser,
// and only a release (or a pause) sends the window to Python.

import { setBasemap, setEvents, setOverlay, stats } from "./shared.js";
import { MapView_ } from "./view.js";

const views = new Map(); // component key -> MapView_

export default function sitmapMap(component) {
  const { data, parentElement, setTriggerValue, key } = component;
  if (!data) return undefined;
  if (data.role === "basemap") {
    setBasemap(data);
    return undefined;
  }
  if (data.role === "overlay") {
    setOverlay(data);
    return undefined;
  }
  if (data.role === "events") {
    setEvents(data);
    return undefined;
  }
  stats.timings.view ??= performance.now();
  let view = views.get(key);
  if (view && !parentElement.contains(view.root)) {
    view.destroy();
    view = null;
  }
  if (!view) {
    view = new MapView_(parentElement, setTriggerValue);
    views.set(key, view);
  }
  clearTimeout(view.dropTimer);
  view.setTrigger = setTriggerValue;
  view.update(data);
  return () => {
    // Streamlit cleans up before each new render too: keep the map unless it is not
    // rendered again shortly (it was removed from the page)
    view.dropTimer = setTimeout(() => {
      if (!parentElement.isConnected) {
        view.destroy();
        views.delete(key);
      }
    }, 1000);
  };
}
