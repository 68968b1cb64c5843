// This device's microphone, camera and screen for a call: one MediaStream whose tracks are swapped
// in place (device choice, screen sharing), and a speaking meter (WebAudio RMS level) per stream.
// Small by default: a mesh sends one copy per peer, and phones and small laptops pay for each.
const VIDEO = { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 24 } };

export class LocalMedia {
  constructor() {
    this.stream = new MediaStream();
    this.audioOn = true;
    this.videoOn = false;
    this.screen = null;
    this.devices = { audio: '', video: '' };
  }

  /** Asks for the microphone (and the camera when video): what the browser refuses is left off. */
  async open({ audio = true, video = false } = {}) {
    this.videoOn = video;
    const want = { audio: audio ? this.constraint('audio') : false, video: video ? this.constraint('video') : false };
    try {
      const s = await navigator.mediaDevices.getUserMedia(want);
      s.getTracks().forEach((t) => this.stream.addTrack(t));
    } catch (e) {
      if (video) return this.open({ audio, video: false }); // no camera (or refused): join with the microphone
      throw e;
    }
    this.videoOn = !!this.stream.getVideoTracks()[0];
    return this;
  }

  constraint(kind) {
    const id = this.devices[kind];
    const base = kind === 'video' ? VIDEO : { echoCancellation: true, noiseSuppression: true };
    return id ? { ...base, deviceId: { exact: id } } : base;
  }

  track(kind) {
    if (kind === 'video' && this.screen) return this.screen;
    return (kind === 'audio' ? this.stream.getAudioTracks() : this.stream.getVideoTracks())[0] || null;
  }

  /** What each sender should send now: nothing while muted or with the camera off. */
  sending(kind) {
    if (kind === 'audio') return this.audioOn ? this.track('audio') : null;
    return this.videoOn || this.screen ? this.track('video') : null;
  }

  /** Turns the camera on, asking for it the first time. */
  async cameraOn() {
    if (!this.stream.getVideoTracks()[0]) {
      const s = await navigator.mediaDevices.getUserMedia({ video: this.constraint('video') });
      this.stream.addTrack(s.getVideoTracks()[0]);
    }
    this.videoOn = true;
  }

  /** Switches to another microphone or camera; returns the new track. */
  async use(kind, deviceId) {
    this.devices[kind] = deviceId;
    const s = await navigator.mediaDevices.getUserMedia({ [kind]: this.constraint(kind) });
    const next = kind === 'audio' ? s.getAudioTracks()[0] : s.getVideoTracks()[0];
    const old = kind === 'audio' ? this.stream.getAudioTracks()[0] : this.stream.getVideoTracks()[0];
    if (old) { this.stream.removeTrack(old); old.stop(); }
    this.stream.addTrack(next);
    return next;
  }

  async shareScreen(onEnded) {
    const s = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    this.screen = s.getVideoTracks()[0];
    this.screen.addEventListener('ended', () => { this.screen = null; onEnded(); });
    return this.screen;
  }

  stopScreen() {
    this.screen?.stop();
    this.screen = null;
  }

  close() {
    this.stopScreen();
    this.stream.getTracks().forEach((t) => t.stop());
  }
}

/** Devices to choose from (labels appear once the page has been granted media). */
export async function devices() {
  const all = await navigator.mediaDevices.enumerateDevices();
  return { audio: all.filter((d) => d.kind === 'audioinput'), video: all.filter((d) => d.kind === 'videoinput') };
}

/** Calls back with true/false as the stream's audio level crosses the speaking threshold. */
export class SpeakingMeter {
  constructor(ctx, stream, onChange) {
    this.onChange = onChange;
    this.speaking = false;
    this.source = null;
    this.analyser = ctx.createAnalyser();
    this.analyser.fftSize = 512;
    this.data = new Float32Array(this.analyser.fftSize);
    this.attach(ctx, stream);
  }

  attach(ctx, stream) {
    if (this.source || !stream.getAudioTracks()[0]) return;
    this.source = ctx.createMediaStreamSource(stream);
    this.source.connect(this.analyser);
  }

  sample() {
    if (!this.source) return;
    this.analyser.getFloatTimeDomainData(this.data);
    let sum = 0;
    for (const v of this.data) sum += v * v;
    const rms = Math.sqrt(sum / this.data.length);
    // Hysteresis so the ring does not flicker at the threshold.
    const next = this.speaking ? rms > 0.01 : rms > 0.02;
    if (next !== this.speaking) { this.speaking = next; this.onChange(next); }
  }

  close() {
    this.source?.disconnect();
  }
}
