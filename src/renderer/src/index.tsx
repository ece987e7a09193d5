// Renderer entry: finds the API (window.airlock from the preload in Electron,
// or the web console's HTTP API in a browser) and hands it to the app, which never reaches
// for globals itself, so tests and the web console can pass their own.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { unwrapReplies, type ReplyApi } from '../../shared/bind-api';
import { App } from './app';
import { createHttpApi } from './api/http-api';
import './app.css';

declare global {
  interface Window {
    readonly airlock?: ReplyApi;
  }
}

const container = document.getElementById('root');
if (container === null) throw new Error('index.html lacks #root');

createRoot(container).render(
  <StrictMode>
    <App api={window.airlock ? unwrapReplies(window.airlock) : createHttpApi()} />
  </StrictMode>,
);
