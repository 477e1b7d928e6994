/**
 * A minimal SIP.js 0.21 softphone for the rig's browser test (bundled by esbuild into the page of
 * tests/sip/rig-media.test.ts, exposed as window.phone). Not the product's softphone: just enough
 * WebRTC to prove the rig (Kamailio over WebSocket, rtpengine ICE/DTLS-SRTP <-> RTP) end to end.
 * Rig settings that matter (notes/sip-rig lessons 4 and 5): no STUN servers, short ICE gathering.
 */
import { Invitation, Registerer, SessionState, UserAgent, type Session } from 'sip.js';

interface PeerStats {
  iceState?: string;
  dtlsState?: string;
  rxPackets?: number;
  rxEnergy?: number;
  txPackets?: number;
  localCandidates: string[];
}

interface SdhWithPc {
  peerConnection: RTCPeerConnection;
  sendDtmf(tones: string, options?: { duration?: number; interToneGap?: number }): boolean;
}

const phone = {
  events: [] as { name: string; t: number; detail?: unknown }[],
  ua: null as UserAgent | null,
  session: null as Session | null,
  incoming: null as Invitation | null,

  ev(name: string, detail?: unknown) {
    this.events.push({ name, t: Date.now(), detail });
  },

  /** authUser: the credential's digest user (auth_ephemeral "<expiry>:<user>"). */
  async start(user: string, authUser: string, password: string, server: string): Promise<void> {
    const ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${user}@127.0.0.1`),
      authorizationUsername: authUser,
      authorizationPassword: password,
      transportOptions: { server },
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 500 },
      logLevel: 'warn',
      delegate: {
        onInvite: (invitation) => {
          this.incoming = invitation;
          this.session = invitation;
          this.watch(invitation);
          this.ev('invite', { fromUser: invitation.request.from.uri.user, pai: invitation.request.getHeader('P-Asserted-Identity') });
        },
      },
    });
    this.ua = ua;
    const registerer = new Registerer(ua, { expires: 300 });
    await ua.start();
    await registerer.register({
      requestDelegate: {
        onAccept: () => this.ev('registered'),
        onReject: (r) => this.ev('register-failed', { code: r.message.statusCode }),
      },
    });
  },

  watch(session: Session) {
    session.stateChange.addListener((state) => {
      this.ev('session', state);
      if (state === SessionState.Established) this.playRemote(session);
    });
  },

  playRemote(session: Session) {
    // an <audio> element pulls the decoded audio, so the inbound stats count real playout
    const pc = (session.sessionDescriptionHandler as unknown as SdhWithPc).peerConnection;
    const stream = new MediaStream(pc.getReceivers().map((r) => r.track));
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.srcObject = stream;
    document.body.appendChild(audio);
    void audio.play().catch(() => {});
  },

  async answer(): Promise<void> {
    if (!this.incoming) throw new Error('no incoming call');
    await this.incoming.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
  },

  sendDtmf(tones: string): boolean {
    const sdh = this.session?.sessionDescriptionHandler as unknown as SdhWithPc | undefined;
    if (!sdh) throw new Error('no call');
    return sdh.sendDtmf(tones, { duration: 120, interToneGap: 80 });
  },

  async dtmfInfo(tone: string): Promise<void> {
    if (!this.session) throw new Error('no call');
    await this.session.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=160` } } });
  },

  async hold(on: boolean): Promise<void> {
    const session = this.session;
    if (!session) throw new Error('no call');
    await new Promise<void>((resolve, reject) => {
      session
        .invite({
          sessionDescriptionHandlerOptions: { hold: on } as never,
          requestDelegate: { onAccept: () => resolve(), onReject: (r) => reject(new Error(`re-INVITE rejected ${r.message.statusCode}`)) },
        })
        .catch(reject);
    });
  },

  async hangup(): Promise<void> {
    if (!this.session) throw new Error('no call');
    await this.session.bye();
  },

  async stats(): Promise<PeerStats> {
    const pc = (this.session?.sessionDescriptionHandler as unknown as SdhWithPc | undefined)?.peerConnection;
    const out: PeerStats = { localCandidates: [] };
    if (!pc) return out;
    out.iceState = pc.iceConnectionState;
    const report = await pc.getStats();
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.rxPackets = s.packetsReceived as number;
        out.rxEnergy = s.totalAudioEnergy as number;
      }
      if (s.type === 'outbound-rtp' && s.kind === 'audio') out.txPackets = s.packetsSent as number;
      if (s.type === 'transport') out.dtlsState = s.dtlsState as string;
      if (s.type === 'local-candidate') out.localCandidates.push(String(s.address ?? s.ip));
    });
    return out;
  },
};

(window as unknown as { phone: typeof phone }).phone = phone;
