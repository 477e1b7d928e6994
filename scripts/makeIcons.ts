import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Draws the app's icons into resources/ (committed; run again after changing a colour): the
 * application icon (icon.png 512 px for Linux and the installer, icon.ico for Windows) and the
 * tray's state icons (a coloured lamp per agent state, as on the desk phone). Plain PNG written
 * with zlib, so no image tool is needed.
 */
type Rgba = [number, number, number, number];

function png(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) rows.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A shape given as "is this point (0..1) inside, and in which colour", antialiased 4×4. */
function draw(size: number, shade: (u: number, v: number) => Rgba | null): Buffer {
  return png(size, (x, y) => {
    let r = 0, g = 0, b = 0, a = 0;
    for (let i = 0; i < 16; i++) {
      const c = shade((x + ((i % 4) + 0.5) / 4) / size, (y + (Math.floor(i / 4) + 0.5) / 4) / size);
      if (!c) continue;
      r += c[0] * c[3]; g += c[1] * c[3]; b += c[2] * c[3]; a += c[3];
    }
    return a === 0 ? [0, 0, 0, 0] : [Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round(a / 16)];
  });
}

const distance = (u: number, v: number) => Math.hypot(u - 0.5, v - 0.5);

/** The app: a blue disc with a white headset band and two ear cups. */
const appIcon = (size: number) =>
  draw(size, (u, v) => {
    const d = distance(u, v);
    if (d > 0.48) return null;
    const band = d > 0.25 && d < 0.32 && v < 0.55;
    const cup = (Math.hypot(u - 0.22, v - 0.58) < 0.085 || Math.hypot(u - 0.78, v - 0.58) < 0.085) && v > 0.5;
    return band || cup ? [255, 255, 255, 255] : [22, 101, 192, 255];
  });

/** The tray: the app's disc in grey with a lamp of the state's colour at the lower right. */
const lamps: Record<string, Rgba | null> = {
  ready: [46, 160, 67, 255],
  not_ready: [230, 150, 0, 255],
  on_call: [210, 40, 40, 255],
  wrap_up: [120, 80, 200, 255],
  offline: [130, 130, 130, 255],
  logged_out: null,
};
const trayIcon = (lamp: Rgba | null, size: number) =>
  draw(size, (u, v) => {
    const lampDistance = Math.hypot(u - 0.72, v - 0.72);
    if (lamp && lampDistance < 0.26) return lampDistance > 0.2 ? [255, 255, 255, 255] : lamp;
    return distance(u, v) < 0.46 ? [22, 101, 192, 255] : null;
  });

/** An .ico holding PNG images (Windows Vista and later read them; electron-builder wants 256 px). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i;
    header[at] = size >= 256 ? 0 : size;
    header[at + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, at + 4); // planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

const resources = path.resolve('resources');
fs.mkdirSync(path.join(resources, 'tray'), { recursive: true });
fs.writeFileSync(path.join(resources, 'icon.png'), appIcon(512));
fs.writeFileSync(path.join(resources, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: appIcon(size) }))));
for (const [state, lamp] of Object.entries(lamps)) {
  fs.writeFileSync(path.join(resources, 'tray', `${state}.png`), trayIcon(lamp, 16));
  fs.writeFileSync(path.join(resources, 'tray', `${state}@2x.png`), trayIcon(lamp, 32));
}
console.log('wrote resources/icon.png, resources/icon.ico and resources/tray/*.png');
