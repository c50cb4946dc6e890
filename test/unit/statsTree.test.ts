// The Dataset statistics view's nodes (src/evaluation/statsTree.ts): the figures match the engine's,
// every bar holds exactly the annotations (or images) the engine counted in it, and the path a click
// opens is the annotation's node in the file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locatePaths } from '../../src/core/jsonScan';
import { readCoco, readCocoResults, readMetaLake } from '../../src/evaluation/adapters';
import { datasetStats, type StatsInput } from '../../src/evaluation/stats';
import { MAX_LISTED, bar, binOf, childrenOf, statsTree, targetPath, type StatNode } from '../../src/evaluation/statsTree';

const rect = (label: string, bbox: number[]) => ({ type: 'rectangle', label, bbox });

const doc = {
  images: [
    { image: 'a.jpg', width: 100, height: 100, annotations: [rect('car', [0, 0, 10, 20]), rect('car', [10, 10, 40, 20]), rect('person', [5, 5, 2, 30]), { type: 'polygon', label: 'tree', points: [[0, 0], [10, 0], [10, 10]] }] },
    { image: 'b.jpg', annotations: [] },
    { image: 'c.jpg', annotations: [rect('car', [0, 0, 100, 100]), rect('bus', [1, 1, 60, 30])] },
  ],
};

function find(nodes: StatNode[], id: string): StatNode {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inner = n.children && findOrNull(n.children, id);
    if (inner) return inner;
  }
  throw new Error(`no node ${id}`);
}
function findOrNull(nodes: StatNode[], id: string): StatNode | undefined {
  try {
    return find(nodes, id);
  } catch {
    return undefined;
  }
}

const input = (): StatsInput => ({ file: 'file:///d/a.json', set: readMetaLake(doc), imageSize: () => ({ width: 100, height: 100 }) });

describe('statistics view nodes', () => {
  it('shows the engine figures: counts, label bars sorted by count, outliers', () => {
    const { stats, roots } = statsTree([input()]);
    assert.deepEqual(roots.map((r) => r.label), ['Overview', 'Labels', 'Boxes', 'Annotations per image', 'Outliers']);
    assert.equal(find(roots, 'overview/images').description, '3');
    assert.equal(find(roots, 'overview/annotations').description, '6');
    assert.equal(find(roots, 'overview/labels').description, '4');
    assert.deepEqual(find(roots, 'overview/annotations').children!.map((n) => [n.label, n.description]), [['Boxes', '5'], ['Polygons', '1']]);
    const labels = find(roots, 'labels').children!;
    assert.deepEqual(labels.map((n) => n.label), ['car', 'bus', 'person', 'tree']);
    assert.equal(labels[0].description, `${'█'.repeat(12)} 3`);
    assert.equal(labels[1].description, `${'█'.repeat(4)} 1`);
    assert.deepEqual(labels[0].targets!.map((t) => [t.image, t.annotation]), [['a.jpg', 0], ['a.jpg', 1], ['c.jpg', 0]]);
    assert.equal(find(roots, 'outliers/tiny').description, String(stats.outliers.tinyBoxes.count));
    assert.deepEqual(find(roots, 'outliers/tiny').targets!.map((t) => [t.image, t.annotation]), [['a.jpg', 2]]);
    assert.deepEqual(find(roots, 'outliers/whole').targets!.map((t) => [t.image, t.annotation]), [['c.jpg', 0]]);
    assert.deepEqual(find(roots, 'outliers/once').targets!.map((t) => t.label).sort(), ['bus', 'person', 'tree']);
    assert.deepEqual(find(roots, 'outliers/empty').targets!.map((t) => [t.image, t.annotation]), [['b.jpg', undefined]]);
  });

  it('puts every box and image in the bar the engine counted it in', () => {
    // many boxes of varied sizes, pixel and normalized, over known and unknown image sizes
    const images = Array.from({ length: 60 }, (_, i) => ({
      image: `${i}.jpg`,
      annotations: Array.from({ length: i % 7 === 0 ? 0 : (i * 5) % 31 }, (_, j) => rect(`l${(i + j) % 9}`, [j, i, 1 + ((i * 13 + j * 7) % 97) / 3, 1 + ((i * 3 + j * 11) % 53)])),
    }));
    const norm = { images: [{ image: 'n.jpg', annotations: [rect('x', [0.1, 0.1, 0.2, 0.5]), rect('x', [0, 0, 0.001, 0.3])] }] };
    const inputs: StatsInput[] = [
      { file: 'p.json', set: readMetaLake({ images }) },
      { file: 'n.json', set: readMetaLake(norm), imageSize: () => ({ width: 640, height: 480 }) },
      { file: 'u.json', set: readMetaLake(norm) },
    ];
    const { stats, roots } = statsTree(inputs);
    assert.deepEqual(stats, datasetStats(inputs));
    for (const [id, d] of [['boxes/width', stats.boxes.width], ['boxes/height', stats.boxes.height], ['boxes/area', stats.boxes.area], ['boxes/aspect', stats.boxes.aspectRatio], ['perImage', stats.annotationsPerImage]] as const) {
      const bars = find(roots, id).children!;
      assert.deepEqual(bars.map((b) => b.targets!.length), d!.bins.map((b) => b.count), id);
    }
    assert.ok(stats.annotationsPerImage!.bins[0].to! > stats.annotationsPerImage!.bins[0].from, 'more than 20 annotations on an image: grouped bins');
    const sizes = stats.boxes.sizes!;
    assert.deepEqual(find(roots, 'boxes/sizes').children!.map((n) => n.targets!.length), [sizes.small, sizes.medium, sizes.large]);
    for (const label of stats.labelHistogram) assert.equal(find(roots, `labels/${label.label}`).targets!.length, label.annotations);
  });

  it('bins values at the edges as the engine does', () => {
    const d = { count: 3, min: 0, max: 10, mean: 5, median: 5, bins: Array.from({ length: 10 }, (_, i) => ({ from: i, to: i + 1, count: 0 })) };
    assert.equal(binOf(d, 0, 'equal'), 0);
    assert.equal(binOf(d, 10, 'equal'), 9);
    assert.equal(binOf(d, 3, 'equal'), 3);
    const aspect = { ...d, bins: [0, 0.25, 0.5, 1, 2].map((from, i, a) => ({ from, to: a[i + 1] ?? null, count: 0 })) };
    assert.equal(binOf(aspect, 1, 'aspect'), 3);
    assert.equal(binOf(aspect, 0.99, 'aspect'), 2);
    assert.equal(binOf(aspect, 50, 'aspect'), 4);
  });

  it('lists at most MAX_LISTED annotations under a bar, then says how many more', () => {
    const many = { images: [{ image: 'a.jpg', annotations: Array.from({ length: MAX_LISTED + 7 }, (_, i) => rect('car', [i, 0, 5, 5])) }] };
    const { roots } = statsTree([{ file: 'm.json', set: readMetaLake(many) }]);
    const list = childrenOf(find(roots, 'labels/car'));
    assert.equal(list.length, MAX_LISTED + 1);
    assert.equal(list[0].kind, 'annotation');
    assert.equal(list[0].description, 'a.jpg #1 · m.json');
    assert.equal(list[MAX_LISTED].label, '… 7 more');
    assert.deepEqual(childrenOf(list[0]), []);
  });

  it('draws bars scaled to the largest, one block at least, none for 0', () => {
    assert.equal(bar(1204, 1204), `${'█'.repeat(12)} 1,204`);
    assert.equal(bar(1, 1000), '█ 1');
    assert.equal(bar(0, 10), '0');
  });

  it('opens the node of the annotation in MetaLake, COCO and COCO results files', () => {
    const meta = JSON.stringify(doc, null, 2);
    const p = targetPath('metalake', 2, 1)!;
    const r = locatePaths(meta, [p]).get(p)!;
    assert.deepEqual(JSON.parse(meta.slice(r.start, r.end)), rect('bus', [1, 1, 60, 30]));
    const coco = { images: [{ id: 7, file_name: 'x.jpg', width: 10, height: 10 }], annotations: [{ id: 1, image_id: 7, category_id: 1, bbox: [0, 0, 1, 1] }, { id: 2, image_id: 7, category_id: 2, bbox: [1, 1, 2, 2] }], categories: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }] };
    const cocoText = JSON.stringify(coco, null, 1);
    const { roots } = statsTree([{ file: 'c.json', set: readCoco(coco) }]);
    const t = find(roots, 'labels/b').targets![0];
    const cp = targetPath('coco', t.imageIndex, t.annotation)!;
    const cr = locatePaths(cocoText, [cp]).get(cp)!;
    assert.equal(JSON.parse(cocoText.slice(cr.start, cr.end)).id, 2);
    const ip = targetPath('coco', 0)!;
    assert.equal(JSON.parse(cocoText.slice(locatePaths(cocoText, [ip]).get(ip)!.start, locatePaths(cocoText, [ip]).get(ip)!.end)).file_name, 'x.jpg');
    const results = [{ image_id: 7, category_id: 1, bbox: [0, 0, 1, 1], score: 0.5 }, { image_id: 8, category_id: 1, bbox: [0, 0, 3, 3], score: 0.9 }];
    const set = readCocoResults(results);
    const rr = statsTree([{ file: 'r.json', set }]).roots;
    const last = find(rr, 'labels/1').targets!.find((x) => x.image === '8')!;
    const rp = targetPath('coco-results', last.imageIndex, last.annotation)!;
    const text = JSON.stringify(results);
    const got = locatePaths(text, [rp]).get(rp)!;
    assert.equal(JSON.parse(text.slice(got.start, got.end)).score, 0.9);
    assert.equal(targetPath('coco-results', 0), undefined);
  });
});
