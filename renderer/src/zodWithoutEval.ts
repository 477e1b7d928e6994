import { z } from 'zod';

// zod probes for `new Function` (its faster parsers) at the first parse. The renderer's CSP forbids
// eval, so the probe fails anyway, and is reported as a CSP violation every time the page loads.
z.config({ jitless: true });
