// Story mode for `twinbench demo --story`: a scripted incident on a loop, with captions for the viewer.
export { playStory, castStory, STORY_DEVICE, type StoryOptions } from './story-driver.ts';
export { STORY, type StoryCast, type StoryStep, type StoryAction } from './story-script.ts';
