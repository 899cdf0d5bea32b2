// A ScatterplotLayer drawn as GL points: one vertex per dot instead of an instanced quad
// of four vertices and two triangles. Same props, same look (stroke, smooth edge), same
// picking (by vertex) and the same DataFilterExtension; and it can draw only some ranges
// of its data (\`ranges\`), so the slices of a window need no buffers of their own.
//
// Why: without a GPU (SwiftShader, software WebGL) much of a dot's cost is its primitive
// setup, not its pixels. Measured on a bare deck.gl page, 10,000 dots of 3 px with a 1 px
// stroke: 89 ms a frame as points, 298 ms as ScatterplotLayer quads; 100,000 dots, most
// of them hidden by the time filter: 136 ms against 1,078 (docs/performance.md).
//
// A point's size is capped by the WebGL implementation (ALIASED_POINT_SIZE_RANGE: 1,023 px
// in SwiftShader); layers.js falls back to ScatterplotLayer where a dot or ring would be
// larger than that.

import { ScatterplotLayer } from "@deck.gl/layers";
import { Model } from "@luma.gl/engine";

const vs = `\
#version 300 es
#define SHADER_NAME dot-layer-vertex-shader
in vec3 instancePositions;
in vec3 instancePositions64Low;
in float instanceRadius;
in float instanceLineWidths;
in vec4 instanceFillColors;
in vec4 instanceLineColors;
out vec4 vFillColor;
out vec4 vLineColor;
out float innerUnitRadius;
out float outerRadiusPixels;
void main(void) {
  geometry.worldPosition = instancePositions;
  outerRadiusPixels = clamp(
    project_size_to_pixel(scatterplot.radiusScale * instanceRadius, scatterplot.radiusUnits),
    scatterplot.radiusMinPixels, scatterplot.radiusMaxPixels
  );
  float lineWidthPixels = clamp(
    project_size_to_pixel(scatterplot.lineWidthScale * instanceLineWidths, scatterplot.lineWidthUnits),
    scatterplot.lineWidthMinPixels, scatterplot.lineWidthMaxPixels
  );
  outerRadiusPixels += scatterplot.stroked * lineWidthPixels / 2.0;
  innerUnitRadius = 1.0 - scatterplot.stroked * lineWidthPixels / outerRadiusPixels;
  geometry.uv = vec2(0.0);
  geometry.pickingColor = picking_getPickingColorFromIndex(float(gl_VertexID));
  vec3 size = vec3(outerRadiusPixels + SMOOTH_EDGE_RADIUS);
  DECKGL_FILTER_SIZE(size, geometry);
  gl_Position = project_position_to_clipspace(instancePositions, instancePositions64Low, vec3(0.0), geometry.position);
  DECKGL_FILTER_GL_POSITION(gl_Position, geometry);
  gl_PointSize = 2.0 * size.x * project.devicePixelRatio;
  if (size.x <= 0.0) {
    // filtered out: outside the clip volume, so no fragment at all
    gl_Position = vec4(0.0, 0.0, 2.0, 1.0);
  }
  vFillColor = vec4(instanceFillColors.rgb, instanceFillColors.a * layer.opacity);
  DECKGL_FILTER_COLOR(vFillColor, geometry);
  vLineColor = vec4(instanceLineColors.rgb, instanceLineColors.a * layer.opacity);
  DECKGL_FILTER_COLOR(vLineColor, geometry);
}
`;

const fs = `\
#version 300 es
#define SHADER_NAME dot-layer-fragment-shader
precision highp float;
in vec4 vFillColor;
in vec4 vLineColor;
in float innerUnitRadius;
in float outerRadiusPixels;
out vec4 fragColor;
void main(void) {
  vec2 unitPosition = gl_PointCoord * 2.0 - 1.0;
  geometry.uv = unitPosition;
  float distToCenter = length(unitPosition) * (outerRadiusPixels + SMOOTH_EDGE_RADIUS);
  float inCircle = smoothedge(distToCenter, outerRadiusPixels);
  if (inCircle == 0.0) {
    discard;
  }
  if (scatterplot.stroked > 0.5) {
    float isLine = smoothedge(innerUnitRadius * outerRadiusPixels, distToCenter);
    fragColor = mix(vFillColor, vLineColor, isLine);
  } else {
    fragColor = vFillColor;
  }
  fragColor.a *= inCircle;
  DECKGL_FILTER_COLOR(fragColor, geometry);
}
`;

export class DotLayer extends ScatterplotLayer {
  getShaders() {
    return { ...super.getShaders(), vs, fs };
  }

  initializeState() {
    // the scatterplot's attributes, one value per vertex rather than per instance
    this.getAttributeManager().add({
      instancePositions: { size: 3, type: "float64", fp64: this.use64bitPositions(), accessor: "getPosition" },
      instanceRadius: { size: 1, accessor: "getRadius", defaultValue: 1 },
      instanceFillColors: { size: 4, type: "unorm8", accessor: "getFillColor", defaultValue: [0, 0, 0, 255] },
      instanceLineColors: { size: 4, type: "unorm8", accessor: "getLineColor", defaultValue: [0, 0, 0, 255] },
      instanceLineWidths: { size: 1, accessor: "getLineWidth", defaultValue: 1 },
    });
  }

  draw(options) {
    // the vertex ranges asked for (gl_VertexID, and so the pick, counts from the data's
    // first vertex), or every vertex
    const model = this.state.model;
    for (const [first, end] of this.props.ranges ?? [[0, this.getNumInstances()]]) {
      if (end <= first) continue;
      model.setDrawOffsets({ firstVertex: first, firstIndex: 0 });
      model.setVertexCount(end - first);
      super.draw(options);
    }
  }

  _getModel() {
    return new Model(this.context.device, {
      ...this.getShaders(),
      id: this.props.id,
      bufferLayout: this.getAttributeManager().getBufferLayouts({ isInstanced: false }),
      topology: "point-list",
      vertexCount: 0,
      isInstanced: false,
    });
  }
}

DotLayer.layerName = "DotLayer";
DotLayer.defaultProps = {
  // [first, end) vertex ranges to draw; null: all
  ranges: { type: "array", value: null, compare: true },
};
