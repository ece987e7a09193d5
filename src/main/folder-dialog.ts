// The native folder picker the renderer asks for through the contract
// (dialogPickFolder): a bundle folder or the offline cache on a stick. It is
// the shell's only part of that call; the web console has none.
import { BrowserWindow, dialog } from 'electron';

export async function pickFolder(title: string): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow();
  const options = { title, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
