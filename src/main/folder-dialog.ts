// The native folder picker the renderer asks for through the contract
// (dialogPickFolder): a bundle folder or the offline cache on a stick, or a
// file (a public key on the stick). It is the shell's only part of that call;
// the web console has none.
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

export async function pickFolder(title: string, what: 'folder' | 'file' = 'folder'): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow();
  const properties: OpenDialogOptions['properties'] = what === 'file' ? ['openFile'] : ['openDirectory', 'createDirectory'];
  const options: OpenDialogOptions = { title, properties };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
