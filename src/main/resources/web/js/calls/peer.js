// One RTCPeerConnection to one remote device, with the "perfect negotiation" pattern (W3C WebRTC
// §10.7, MDN "Establishing a connection: the perfect negotiation pattern"): both sides may offer at
// any time; on a collision the impolite peer ignores the incoming offer and the polite one rolls
// back its own, so simultaneous offers never deadlock. Roles come from comparing connection ids,
// so both ends agree without another message. ICE restarts when the connection fails or the
// network changes.

export class Peer {
  /**
   * @param {object} o
   * @param {string} o.self     this device's connection id
   * @param {string} o.remote   the remote device's connection id
   * @param {RTCConfiguration} o.config
   * @param {(type: string, data: object) => void} o.signal   sends call.offer/answer/ice to the remote
   * @param {(stream: MediaStream) => void} o.onStream
   * @param {(state: string) => void} o.onState
   */
  constructor({ self, remote, config, signal, onStream, onState }) {
    this.remote = remote;
    this.polite = self > remote;
    this.signal = signal;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.early = []; // candidates that came before any remote description (see candidate())
    this.pc = new RTCPeerConnection(config);
    this.stream = new MediaStream();
    this.senders = { audio: null, video: null };
    this.pc.ontrack = ({ track, streams }) => {
      const s = streams[0] || this.stream;
      if (!s.getTracks().includes(track)) s.addTrack(track);
      this.stream = s;
      onStream(s);
    };
    this.pc.onnegotiationneeded = () => this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => this.signal('call.ice', { candidate: candidate ? candidate.toJSON() : null });
    this.pc.onconnectionstatechange = () => {
      onState(this.pc.connectionState);
      if (this.pc.connectionState === 'failed') this.restart();
    };
    // A signal lost on the way (a socket that reconnected, a dropped ICE candidate) would leave
    // the pair waiting forever: while it has not connected, restart ICE now and then, which
    // renegotiates with fresh candidates.
    this.watchdog = setInterval(() => {
      const st = this.pc.connectionState;
      if ((st === 'new' || st === 'connecting') && this.pc.signalingState === 'stable') this.restart();
    }, 8000);
  }

  /**
   * Adds this device's tracks: one audio and one video sender, replaced in place later. addTrack
   * (not addTransceiver) so that, after a rolled-back collision, the remote offer's m-lines reuse
   * these senders instead of adding new ones; a kind with no track yet gets an empty transceiver.
   */
  attach(local) {
    for (const kind of ['audio', 'video']) {
      const track = local.track(kind);
      this.senders[kind] = track ? this.pc.addTrack(track, local.stream)
        : this.pc.addTransceiver(kind, { direction: 'sendrecv', streams: [local.stream] }).sender;
    }
  }

  /** Swaps what a sender sends (mute: null; another camera or the screen: that track) with no renegotiation. */
  replace(kind, track) {
    return this.senders[kind]?.replaceTrack(track || null);
  }

  async negotiate() {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.signal('call.offer', { sdp: this.pc.localDescription.sdp });
    } catch (e) {
      console.warn('negotiation', e);
    } finally {
      this.makingOffer = false;
    }
  }

  async description(type, sdp) {
    const offerCollision = type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.polite && offerCollision;
    if (this.ignoreOffer) return;
    await this.pc.setRemoteDescription({ type, sdp }); // a polite peer's pending offer is rolled back implicitly
    for (const c of this.early.splice(0)) this.candidate(c);
    if (type === 'offer') {
      await this.pc.setLocalDescription();
      this.signal('call.answer', { sdp: this.pc.localDescription.sdp });
    }
  }

  /**
   * A polite peer sends the candidates it gathered for its own offer before it rolls that offer
   * back and answers ours with the same ICE credentials, and does not send them again: kept until
   * a remote description exists instead of being dropped, or that pair would never connect.
   */
  async candidate(c) {
    if (!this.pc.remoteDescription) {
      if (this.early.length < 100) this.early.push(c);
      return;
    }
    try {
      await this.pc.addIceCandidate(c || null);
    } catch (e) {
      if (!this.ignoreOffer) console.warn('ice candidate', e);
    }
  }

  /** ICE restart: new candidates over the network we have now (Wi-Fi to mobile, a failed path). */
  restart() {
    if (this.pc.signalingState !== 'closed') this.pc.restartIce();
  }

  close() {
    clearInterval(this.watchdog);
    this.pc.close();
  }
}
