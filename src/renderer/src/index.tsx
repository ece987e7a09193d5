// Renderer entry: finds the API (window.airlock from the preload, absent when
// the page is opened without one) and hands it to the app, which never reaches
// for globals itself, so tests and the web console can pass their own.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AirlockApi } from '../../shared/api';
import { App } from './app';
import './app.css';

declare global {
  interface Window {
    readonly airlock?: AirlockApi;
  }
}

const container = document.getElementById('root');
if (container === null) throw new Error('index.html lacks #root');

createRoot(container).render(
  <StrictMode>
    <App api={window.airlock} />
  </StrictMode>,
);
