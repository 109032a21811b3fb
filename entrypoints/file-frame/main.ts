// The fast file channel's frame (Chromium): a web-accessible extension page that the capture agent
// loads, hidden in a closed shadow root, only for a submission with files. It forwards what is
// posted to it to the worker, which alone decides (utils/pages/file-frame.ts).
import { listenForFiles } from '@/utils/pages/file-frame';

listenForFiles(window);
