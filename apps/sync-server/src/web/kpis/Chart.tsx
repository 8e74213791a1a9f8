import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, MarkLineComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only what the KPI page draws: bars and lines, an axis grid, legend and tooltip (Apache ECharts, tree-shaken).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

/** One ECharts chart; `onPick` gets the index of the category (bucket) a bar or point was clicked on. */
export function Chart({ option, height = 260, onPick, label }: { option: EChartsCoreOption; height?: number; onPick?: (dataIndex: number) => void; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);
  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    // A click anywhere over a category of the grid picks it (not only on the drawn bar or point).
    instance.getZr().on('click', (event) => {
      const point = [event.offsetX, event.offsetY];
      if (!instance.containPixel('grid', point)) return;
      // Through the grid, the answer is [x, y] (a category axis gives the category's index); through an axis
      // finder it would be one number, which destructuring threw on, so a click on a bar did nothing.
      const value = instance.convertFromPixel({ gridIndex: 0 }, point) as unknown;
      const x = Array.isArray(value) ? (value[0] as unknown) : value;
      if (typeof x === 'number' && Number.isFinite(x)) pick.current?.(Math.round(x));
    });
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
