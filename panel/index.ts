// Placeholder panel: the real UI (React, host adapters, helper connection) comes later.
// Plain DOM (createElement/appendChild, which UXP's DOM subset has), so the same bundle
// renders inside Premiere Pro and in a browser.

const heading = document.createElement('h1');
heading.textContent = 'Threefold';

const command = document.createElement('code');
command.textContent = 'threefold protect <folder>';

const note = document.createElement('p');
note.appendChild(document.createTextNode('The Threefold panel is coming. The command line works today: run '));
note.appendChild(command);
note.appendChild(document.createTextNode(' in a terminal to copy, verify and record your media under the 3-2-1 rule.'));

document.body.appendChild(heading);
document.body.appendChild(note);

export {};
