import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class UserGetDto {
  @Length(1, 512, { message: 'code must be 1 to 512 characters' })
  @IsString({ message: 'code must be the string WeChat put on the OAuth callback URL' })
  code: string;

  @IsOptional()
  @IsIn(['snsapi_base', 'snsapi_userinfo'], {
    message: 'scope must be snsapi_base or snsapi_userinfo',
  })
  scope?: 'snsapi_base' | 'snsapi_userinfo';
}

export class UrlSignDto {
  @Length(1, 2048, { message: 'url must be 1 to 2048 characters' })
  @IsString({ message: 'url must be a string' })
  url: string;
}
