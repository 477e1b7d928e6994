import { generateDemoData } from './server/seed/demoData.js';
const t = performance.now();
let n = 0;
for (const h of generateDemoData({ customers: 50000 }).households()) n += h.products.length;
console.log('generate', ((performance.now() - t) / 1000).toFixed(2), n);
